import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { diffChecks } from '../../check/diff.ts'
import { runCheck } from '../../check/run-check.ts'
import { EmbeddedBackend } from '../../backends/embedded.ts'
import { runStorm } from '../../storm/run-storm.ts'
import type { ReportRow, RunReport } from '../types.ts'
import { findChromium } from './browser.ts'
import { checkToHtml, diffToHtml, runToHtml, stormToHtml } from './index.ts'

/**
 * The HTML reports opened in a real headless Chromium (Debian's, driven by playwright-core): they
 * load from a file with no network, and every result row the data has is on the page. Under
 * CI=true a missing browser fails the test (.ci/run installs it); elsewhere it is skipped with the
 * install command.
 */
const executablePath = findChromium()
const ci = process.env.CI === 'true' || process.env.CI === '1'
const missing = 'no Chromium found: apt-get install -y chromium (or set CHROMIUM_PATH)'
if (!executablePath && ci) throw new Error(`the HTML report test needs a browser under CI: ${missing}`)

const row = (fields: Partial<ReportRow>): ReportRow => ({
  scenario: 'premium: joins',
  file: 'scenarios/premium.ts',
  bot: 'Alice (premium)',
  version: '1.20.4',
  expected: 'success',
  outcome: 'success',
  key: null,
  message: '',
  pass: true,
  ms: 812,
  reason: '',
  ...fields,
})

/** A run of three scenarios on two versions, with a refusal, an outage and a failed expectation. */
const run: RunReport = {
  ms: 4321,
  results: ['1.8.9', '1.20.4'].flatMap((version) => [
    row({ version }),
    row({
      version,
      scenario: 'online-mode: cracked refused',
      bot: 'Steve (cracked)',
      expected: 'unverified_username',
      outcome: 'unverified_username',
      key: 'multiplayer.disconnect.unverified_username',
      message: 'Failed to verify username!',
    }),
    row({
      version,
      scenario: 'outage',
      bot: 'Alice <&> (premium)',
      expected: 'success',
      outcome: 'auth_servers_down',
      message: 'Authentication servers are down. Please try again later, sorry!',
      pass: false,
      reason: 'expected success, got auth_servers_down',
    }),
  ]),
}

describe.skipIf(!executablePath)(`HTML reports in headless Chromium${executablePath ? '' : ` (skipped: ${missing})`}`, () => {
  let browser: Browser
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mclh-html-'))
    // As root (CI) Chromium's sandbox cannot start; the pages are our own files.
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'], timeout: 30_000 })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
  })

  /** Opens the report from disk with every request beyond it refused, and returns the page. */
  async function open(name: string, html: string) {
    const file = path.join(dir, `${name}.html`)
    await writeFile(file, html)
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const requests: string[] = []
    await context.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith('file:')) return route.continue()
      requests.push(url)
      return route.abort()
    })
    const page = await context.newPage()
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true })
    return { page, requests, close: () => context.close(), file }
  }

  it('run: the scenario x version grid shows every result with the text the player saw', async () => {
    const { page, requests, close } = await open('run', runToHtml(run))
    expect(await page.title()).toBe('Login run')
    expect(await page.locator('[data-row]').count()).toBe(run.results.length)
    expect(await page.locator('table.grid td[data-result]').count()).toBe(run.results.length)
    // Two version columns, one row per scenario and bot.
    expect(await page.locator('table.grid thead th').allInnerTexts()).toEqual(['scenario', 'bot', '1.8.9', '1.20.4'])
    expect(await page.locator('table.grid tbody tr').count()).toBe(3)
    const outage = page.locator('table.grid td.fail').first()
    expect(await outage.innerText()).toContain('Authentication servers are down')
    // Coloured by outcome: a refusal and a success do not share a background.
    const bg = (sel: string) =>
      page
        .locator(sel)
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor)
    expect(await bg('td[data-outcome="success"]')).not.toBe(await bg('td[data-outcome="unverified_username"]'))
    expect(await page.getByText('Alice <&> (premium)').count()).toBeGreaterThan(0)
    expect(requests).toEqual([])
    await close()
  })

  it('check and diff: every probe row, before and after, from real probes', async () => {
    const backend = new EmbeddedBackend()
    const only = ['premium', 'cracked', 'impersonator', 'not-whitelisted'] as const
    const [online, offline] = await Promise.all([
      runCheck({ propertiesFile: 'fixtures/properties/online.properties', version: '1.20.4', backend, only: [...only] }),
      runCheck({ propertiesFile: 'fixtures/properties/offline.properties', version: '1.20.4', backend, only: [...only] }),
    ])
    const check = await open('check', checkToHtml(offline))
    expect(await check.page.locator('[data-row]').count()).toBe(offline.probes.length)
    expect(await check.page.locator('ul.warnings li').count()).toBe(offline.warnings.length)
    await check.close()

    const diff = diffChecks(online, offline)
    const view = await open('diff', diffToHtml(diff, online, offline, 'online.properties', 'offline.properties'))
    expect(await view.page.locator('[data-row]').count()).toBe(only.length)
    expect(await view.page.locator('tr.changed').count()).toBe(diff.changes.length)
    const cracked = view.page.locator('tr[data-probe="cracked"] td.cell')
    expect(await cracked.allInnerTexts()).toEqual([
      expect.stringContaining('Failed to verify username!'),
      expect.stringContaining('success'),
    ])
    expect(view.requests).toEqual([])
    await view.close()
  }, 60_000)

  it('storm: outcome rows, a latency histogram and an outcome-over-time chart drawn as inline SVG', async () => {
    const report = await runStorm({ n: 30, concurrency: 10, version: '1.20.4', workers: 0 })
    const { page, requests, close } = await open('storm', stormToHtml(report))
    expect(await page.locator('[data-row]').count()).toBe(Object.keys(report.outcomes).length)
    const charts = page.locator('svg[role="img"]')
    expect(await charts.count()).toBe(2)
    // Every settled login is in a bar of each chart.
    const total = async (index: number) =>
      (await charts.nth(index).locator('rect title').allTextContents()).reduce((sum, t) => sum + Number(/: (\d+) /.exec(t)![1]), 0)
    expect(await total(0)).toBe(report.started)
    expect(await total(1)).toBe(report.started)
    expect((await charts.nth(0).boundingBox())!.width).toBeGreaterThan(300)
    expect(requests).toEqual([])
    await close()
  }, 60_000)
})
