import type { Command } from 'commander'

// Placeholder until the command lands; see the issue that owns it.
export function registerRunCommand(program: Command): void {
  program.command('run').description('(not built yet)').action(() => {
    throw new Error('run is not built yet')
  })
}
