import type { StormCharts } from '../../storm/charts.ts'
import type { StormReport } from '../../storm/types.ts'
import { esc, legend, page, TONE_COLOURS, toneOf, toneStyle } from './page.ts'

const W = 640
const H = 220
const PAD = { left: 48, right: 12, top: 12, bottom: 36 }

/** Bars of login count per latency bin. */
export function latencySvg(bins: StormCharts['latency']): string {
  if (bins.length === 0) return '<p class="dim">no settled logins</p>'
  const max = Math.max(...bins.map((b) => b.count), 1)
  const innerW = W - PAD.left - PAD.right
  const innerH = H - PAD.top - PAD.bottom
  const bw = innerW / bins.length
  const bars = bins.map((b, i) => {
    const h = (b.count / max) * innerH
    return `<rect x="${(PAD.left + i * bw + 1).toFixed(1)}" y="${(PAD.top + innerH - h).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${TONE_COLOURS.ok.bar}"><title>${b.fromMs}-${b.toMs} ms: ${b.count} logins</title></rect>`
  })
  const ticks = bins
    .filter((_, i) => i % Math.ceil(bins.length / 6) === 0)
    .map((b) => {
      const x = PAD.left + bins.indexOf(b) * bw
      return `<text x="${x.toFixed(1)}" y="${H - PAD.bottom + 14}">${b.fromMs}</text>`
    })
  return svg('Latency histogram', [
    axes(innerW, innerH, max),
    ...bars,
    ...ticks,
    `<text x="${PAD.left + innerW / 2 - 60}" y="${H - 4}">login latency (ms)</text>`,
  ])
}

/** Stacked bars of logins settled per time slice, one colour per outcome tone. */
export function overTimeSvg(slices: StormCharts['overTime']): string {
  if (slices.length === 0) return '<p class="dim">no settled logins</p>'
  const totals = slices.map((s) => Object.values(s.outcomes).reduce((a, b) => a + (b ?? 0), 0))
  const max = Math.max(...totals, 1)
  const innerW = W - PAD.left - PAD.right
  const innerH = H - PAD.top - PAD.bottom
  const bw = innerW / slices.length
  const parts: string[] = []
  slices.forEach((s, i) => {
    let y = PAD.top + innerH
    for (const [outcome, count] of Object.entries(s.outcomes).sort(([a], [b]) =>
      a === 'success' ? -1 : b === 'success' ? 1 : a.localeCompare(b),
    )) {
      const h = ((count ?? 0) / max) * innerH
      y -= h
      parts.push(
        `<rect x="${(PAD.left + i * bw + 1).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${TONE_COLOURS[toneOf(outcome)].bar}"><title>${s.fromMs}-${s.toMs} ms: ${count} ${esc(outcome)}</title></rect>`,
      )
    }
  })
  const ticks = slices
    .filter((_, i) => i % Math.ceil(slices.length / 6) === 0)
    .map(
      (s) =>
        `<text x="${(PAD.left + slices.indexOf(s) * bw).toFixed(1)}" y="${H - PAD.bottom + 14}">${(s.fromMs / 1000).toFixed(1)}</text>`,
    )
  return svg('Outcomes over time', [
    axes(innerW, innerH, max),
    ...parts,
    ...ticks,
    `<text x="${PAD.left + innerW / 2 - 80}" y="${H - 4}">seconds since the storm began</text>`,
  ])
}

function axes(innerW: number, innerH: number, max: number): string {
  return [
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${PAD.top + innerH}" stroke="#888"/>`,
    `<line x1="${PAD.left}" y1="${PAD.top + innerH}" x2="${PAD.left + innerW}" y2="${PAD.top + innerH}" stroke="#888"/>`,
    `<text x="4" y="${PAD.top + 10}">${max}</text>`,
    `<text x="4" y="${PAD.top + innerH}">0</text>`,
  ].join('')
}

function svg(title: string, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" style="background:#fff;border:1px solid #ddd;border-radius:6px">${parts.join('')}</svg>`
}

/** `storm --reporter html`: the figures, outcome counts, a latency histogram and outcomes over time. */
export function stormToHtml(report: StormReport): string {
  const t = report.target
  const lat = report.latencyMs
  const outcomes = Object.entries(report.outcomes).map(
    ([o, n]) => `<tr data-row><td style="${toneStyle(o)}" class="code">${esc(o)}</td><td>${n}</td></tr>`,
  )
  const failures = report.failureSamples.map(
    (f) =>
      `<tr><td>${esc(f.name)} (${esc(f.kind)})</td><td style="${toneStyle(f.outcome)}" class="code">${esc(f.outcome)}</td><td class="msg">${esc(f.message)}</td><td>${f.ms}</td></tr>`,
  )
  const html = `
<div class="summary">
  <div class="stat"><b>${report.ok} / ${report.started}</b>${esc(report.expectedOutcome)}</div>
  <div class="stat"><b>${report.loginsPerSec}/s</b>throughput</div>
  <div class="stat"><b>${lat.p50} / ${lat.p95} / ${lat.p99} ms</b>p50 / p95 / p99</div>
  <div class="stat"><b>${report.pass ? 'passed' : 'failed'}</b>${esc(report.reasons.join('; ') || 'every expectation met')}</div>
</div>
<p class="dim">target ${esc(`${t.host}:${t.port} ${t.version} (${t.auth})`)} · ${esc(report.client)} clients · concurrency ${report.concurrency}${report.rampPerSec ? ` · ramp ${report.rampPerSec}/s` : ''} · ${(report.elapsedMs / 1000).toFixed(2)} s${report.outage ? ` · outage: ${report.outage.faults} fault(s) for ${report.outage.loginsUnderFault} logins, lifted ${report.outage.liftedAtMs === null ? 'at the end' : `at ${report.outage.liftedAtMs} ms`}` : ''}</p>
${legend()}
<h2>Latency</h2>
${latencySvg(report.charts?.latency ?? [])}
<h2>Outcomes over time</h2>
${overTimeSvg(report.charts?.overTime ?? [])}
<h2>Outcomes</h2>
<table class="rows"><thead><tr><th>outcome</th><th>logins</th></tr></thead><tbody>${outcomes.join('')}</tbody></table>
${failures.length ? `<h2>First failures</h2><table><thead><tr><th>login</th><th>outcome</th><th>message</th><th>ms</th></tr></thead><tbody>${failures.join('')}</tbody></table>` : ''}`
  return page('Login storm', `${report.started} of ${report.n} logins`, html)
}
