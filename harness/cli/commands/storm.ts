import type { Command } from 'commander'

// Placeholder until the command lands; see the issue that owns it.
export function registerStormCommand(program: Command): void {
  program.command('storm').description('(not built yet)').action(() => {
    throw new Error('storm is not built yet')
  })
}
