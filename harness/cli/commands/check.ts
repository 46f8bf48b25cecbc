import type { Command } from 'commander'

// Placeholder until the command lands; see the issue that owns it.
export function registerCheckCommand(program: Command): void {
  program.command('check').description('(not built yet)').action(() => {
    throw new Error('check is not built yet')
  })
}
