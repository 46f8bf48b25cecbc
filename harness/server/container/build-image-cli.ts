/** `tsx harness/server/container/build-image-cli.ts [--force]`: used by ci/build-image.sh. */
import { ensureLocalImage } from './local-image.ts'

const result = await ensureLocalImage({ force: process.argv.includes('--force'), log: (l) => console.log(`build-image: ${l}`) })
console.log(`build-image: ${result.tag} ${result.built ? 'built' : 'already current'} (inputs ${result.inputsHash}, ${(result.ms / 1000).toFixed(1)} s)`)
