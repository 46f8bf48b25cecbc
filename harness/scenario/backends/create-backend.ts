import { HarnessInputError } from '../../errors.ts'
import type { Backend, BackendName } from './backend.ts'
import { EmbeddedBackend } from './embedded.ts'

export function createBackend(name: BackendName | string): Backend {
  switch (name) {
    case 'embedded':
      return new EmbeddedBackend()
    default:
      throw new HarnessInputError(`--backend: "${name}" is not a backend; use embedded or container`)
  }
}
