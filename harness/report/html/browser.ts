import { existsSync } from 'node:fs'

/**
 * Where a Chromium for the HTML-report test lives: `CHROMIUM_PATH`, else Debian's package
 * (`apt-get install chromium`, which .ci/run installs). playwright-core drives it; it never
 * downloads a browser of its own.
 */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(
    (p): p is string => !!p,
  )
  return candidates.find((p) => existsSync(p))
}
