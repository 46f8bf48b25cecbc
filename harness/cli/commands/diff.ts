import type { Command } from 'commander'

// Placeholder until the command lands; see the issue that owns it.
export function registerDiffCommand(program: Command): void {
  program.command('diff').description('(not built yet)').action(() => {
    throw new Error('diff is not built yet')
  })
}
