import { summarize, type RunReport } from '../types.ts'
import { esc, legend, outcomeCell, page } from './page.ts'

/**
 * `run --reporter html`: the scenario x version grid (one row per scenario and bot, one column per
 * version), each cell coloured by outcome with the text the player saw, a failed expectation
 * outlined in red; then every row in full.
 */
export function runToHtml(report: RunReport): string {
  const versions = [...new Set(report.results.map((r) => r.version))]
  const rows = new Map<string, RunReport['results']>()
  for (const r of report.results) {
    const key = `${r.scenario}\u0000${r.bot}`
    rows.set(key, [...(rows.get(key) ?? []), r])
  }
  const { passed, failed, ms } = summarize(report)
  const head = `<tr><th>scenario</th><th>bot</th>${versions.map((v) => `<th>${esc(v)}</th>`).join('')}</tr>`
  const body = [...rows.values()].map((cells) => {
    const first = cells[0]!
    const tds = versions.map((v) => {
      const r = cells.find((c) => c.version === v)
      if (!r) return '<td class="dim">(not run)</td>'
      const mark = `<span class="mark" title="${r.pass ? 'as expected' : esc(r.reason)}">${r.pass ? '✓' : '✗'}</span>`
      const expected = r.pass ? '' : `<div class="dim">expected ${esc(r.expected)}</div>`
      return outcomeCell(r.outcome, r.message, { before: mark, after: expected, attrs: ' data-result', failed: !r.pass })
    })
    return `<tr><td>${esc(first.scenario)}<div class="dim">${esc(first.file)}</div></td><td>${esc(first.bot)}</td>${tds.join('')}</tr>`
  })
  const detail = report.results.map(
    (r) =>
      `<tr data-row><td>${r.pass ? '✓' : '✗'}</td><td>${esc(r.scenario)}</td><td>${esc(r.bot)}</td><td>${esc(r.version)}</td><td>${esc(r.expected)}</td><td class="code">${esc(r.outcome)}</td><td>${esc(r.key ?? '')}</td><td class="msg">${esc(r.message)}</td><td>${esc(r.reason)}</td><td>${(r.ms / 1000).toFixed(2)} s</td></tr>`,
  )
  const html = `
<div class="summary">
  <div class="stat"><b>${passed}</b>passed</div>
  <div class="stat"><b>${failed}</b>failed</div>
  <div class="stat"><b>${(ms / 1000).toFixed(1)} s</b>wall time</div>
</div>
${legend()}
<h2>Scenario × version</h2>
<table class="grid"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>
<h2>Every result</h2>
<table class="rows"><thead><tr><th></th><th>scenario</th><th>bot</th><th>version</th><th>expected</th><th>outcome</th><th>key</th><th>what the player sees</th><th>why it failed</th><th>time</th></tr></thead>
<tbody>${detail.join('\n')}</tbody></table>`
  return page('Login run', `${report.results.length} results on ${versions.length} version${versions.length === 1 ? '' : 's'}`, html)
}
