import { describe, expect, it } from 'vitest'
import { bukkitYmlWithThrottle, readPaperFiles } from './config-files.ts'
import { effectiveConnectionThrottle, isProxyOnlineMode, isReasonablePlayerName } from './rules.ts'

describe("Paper's files", () => {
  it("gives Paper's defaults for absent files", () => {
    const settings = readPaperFiles({})
    expect(settings.connectionThrottleMs).toBe(4000)
    expect(settings.messages.whitelist).toBe('You are not whitelisted on this server!')
    expect(settings.messages.authServersDown).toBeUndefined()
    expect(settings.performUsernameValidation).toBe(true)
  })

  it('reads each file kind with its own keys', () => {
    const settings = readPaperFiles({
      bukkit: 'settings:\n  connection-throttle: 1000\n',
      spigot: 'settings:\n  bungeecord: true\nmessages:\n  whitelist: "&cNo\\\\nway"\n',
      paperGlobal:
        'proxies:\n  velocity:\n    enabled: true\n    online-mode: false\nunsupported-settings:\n  perform-username-validation: false\n',
    })
    expect(settings).toMatchObject({
      connectionThrottleMs: 1000,
      bungeecord: true,
      velocityEnabled: true,
      velocityOnlineMode: false,
      performUsernameValidation: false,
    })
    expect(settings.messages.whitelist).toBe('§cNo\nway')
    expect(effectiveConnectionThrottle(settings)).toBe(-1)
    expect(isProxyOnlineMode(settings, false)).toBe(true)
  })

  it('says which file and key is wrong', () => {
    expect(() => readPaperFiles({ bukkit: 'settings:\n  connection-throttle: soon\n' })).toThrow(
      'bukkit.yml: settings.connection-throttle is "soon"; expected a number',
    )
    expect(() => readPaperFiles({ spigot: 'settings: [' }, { spigot: '/srv/mc/spigot.yml' })).toThrow(
      /^\/srv\/mc\/spigot.yml: not valid YAML/,
    )
  })

  it('merges the throttle into a user file, keeping the rest', () => {
    expect(bukkitYmlWithThrottle('settings:\n  allow-end: false\naliases: now-in-commands.yml\n', -1)).toBe(
      'settings:\n  allow-end: false\n  connection-throttle: -1\naliases: now-in-commands.yml\n',
    )
    expect(bukkitYmlWithThrottle(undefined, -1)).toBe('settings:\n  connection-throttle: -1\n')
  })

  it("Paper's name rule: 1-16 of A-Z a-z 0-9 _ .", () => {
    expect(['Steve', 'a.b', 'x_1'].every(isReasonablePlayerName)).toBe(true)
    expect(['a-b', 'two words', '', 'seventeen_chars_x'].some(isReasonablePlayerName)).toBe(false)
  })
})
