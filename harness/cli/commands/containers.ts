import type { Command } from 'commander'
import type { CliContext } from '../context.ts'

/**
 * Housekeeping for the container backend: build the local image ahead of a run (CI caches it),
 * and remove what a killed run left behind. The container modules load only when asked for.
 */
export function registerContainersCommand(program: Command, context: CliContext): void {
  const containers = program.command('containers').description('the container backend: build its local image, remove leftovers')

  containers
    .command('build-image')
    .description('build mc-login-harness/embedded:local (no registry needed); a no-op when it is current')
    .option('--force', 'rebuild even when the image is current')
    .action(async (flags: { force?: boolean }) => {
      const { ensureLocalImage } = await import('../../server/container/local-image.ts')
      const result = await ensureLocalImage({ force: flags.force ?? false, log: (line) => context.out(`build-image: ${line}\n`) })
      context.out(
        `build-image: ${result.tag} ${result.built ? 'built' : 'already current'} (inputs ${result.inputsHash}, ${(result.ms / 1000).toFixed(1)} s)\n`,
      )
    })

  containers
    .command('cleanup')
    .description(
      "remove every container and network labelled as the harness's (or one run's); do not run it while another run uses the same Docker daemon",
    )
    .option('--run <id>', 'only the leftovers of this run id (label mc-login-harness.run)')
    .action(async (flags: { run?: string }) => {
      const { removeHarnessLeftovers } = await import('../../server/container/cleanup.ts')
      const result = await removeHarnessLeftovers(flags.run ? { runId: flags.run } : {})
      context.out(`cleanup: removed ${result.containers.length} container(s), ${result.networks.length} network(s)\n`)
    })
}
