import type { Command } from 'commander'

// Placeholder until the command lands; see the issue that owns it.
export function registerServerCommand(program: Command): void {
  program.command('server').description('(not built yet)').action(() => {
    throw new Error('server is not built yet')
  })
}
