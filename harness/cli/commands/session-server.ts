import type { Command } from 'commander'

// Placeholder until the command lands; see the issue that owns it.
export function registerSessionServerCommand(program: Command): void {
  program.command('session-server').description('(not built yet)').action(() => {
    throw new Error('session-server is not built yet')
  })
}
