/**
 * Scripted faults, matched like msw handlers: the newest matching fault wins, `times` counts down
 * and removes the fault at zero, `username` narrows it to requests about one player.
 */
import type { FaultRoute, FaultSpec } from './types.ts'

export interface ActiveFault extends FaultSpec {
  id: string
}

export class FaultBook {
  private faults: ActiveFault[] = []
  private nextId = 1

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = { ...spec, id: `fault-${this.nextId++}` }
    this.faults.unshift(fault)
    return fault
  }

  clear(): void {
    this.faults = []
  }

  isDown(): boolean {
    return this.faults.some((f) => f.mode === 'down')
  }

  /** The fault that applies to this request, consuming one of its `times`; undefined = healthy. */
  take(route: FaultRoute | null, username: string | null): ActiveFault | undefined {
    const wanted = username?.toLowerCase()
    const index = this.faults.findIndex(
      (f) =>
        f.mode !== 'down' && (f.route === '*' || f.route === route) && (f.username === undefined || f.username.toLowerCase() === wanted),
    )
    if (index < 0) return undefined
    const fault = this.faults[index]!
    if (fault.times !== undefined) {
      fault.times -= 1
      if (fault.times <= 0) this.faults.splice(index, 1)
    }
    return fault
  }
}
