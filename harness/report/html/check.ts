import { formatChange, type CheckDiff } from '../../check/diff.ts'
import type { CheckReport, ProbeResult } from '../../check/types.ts'
import { esc, legend, outcomeCell, page } from './page.ts'

function context(report: CheckReport): string {
  const c = report.context
  const files = Object.entries(c.sources ?? {}).map(([k, v]) => `${k}: ${v}`)
  return `${c.file}: online-mode=${c.onlineMode}, white-list=${c.whiteList}, password plugin: ${c.guard ? 'AuthMe' : 'none'}, version ${c.version}${files.length ? ` · ${files.join(', ')}` : ''}`
}

function warnings(list: string[], title = 'Warnings'): string {
  if (list.length === 0) return `<h2>${esc(title)}</h2><p class="accepted">none</p>`
  return `<h2>${esc(title)}</h2><ul class="warnings">${list.map((w) => `<li class="warn">${esc(w)}</li>`).join('')}</ul>`
}

function probeRow(p: ProbeResult): string {
  return `<tr data-row data-probe="${esc(p.probe)}"><td>${esc(p.label)}<div class="dim">${esc(p.probe)}</div></td><td>${esc(p.who)}${p.note ? `<div class="dim">(${esc(p.note)})</div>` : ''}</td>${outcomeCell(p.outcome, p.message)}<td>${(p.ms / 1000).toFixed(2)} s</td></tr>`
}

/** `check --reporter html`: one row per probe, coloured by outcome, then the warnings. */
export function checkToHtml(report: CheckReport): string {
  const html = `
${legend()}
<table class="rows"><thead><tr><th>probe</th><th>who tried</th><th>outcome and what the player sees</th><th>time</th></tr></thead>
<tbody>${report.probes.map(probeRow).join('\n')}</tbody></table>
${warnings(report.warnings)}`
  return page('Who can log in', `${context(report)} · ${report.probes.length} probes in ${(report.ms / 1000).toFixed(1)} s`, html)
}

/** `diff --reporter html`: every probe before and after, changed rows marked accepted or not. */
export function diffToHtml(diff: CheckDiff, before: CheckReport, after: CheckReport, beforeName: string, afterName: string): string {
  const ids = [...new Set([...before.probes, ...after.probes].map((p) => p.probe))]
  const rows = ids.map((id) => {
    const b = before.probes.find((p) => p.probe === id)
    const a = after.probes.find((p) => p.probe === id)
    const change = diff.changes.find((c) => c.probe === id)
    const label = (a ?? b)!.label
    const who = (a ?? b)!.who
    const side = (r: ProbeResult | undefined) => (r ? outcomeCell(r.outcome, r.message) : '<td class="dim">(not run)</td>')
    const verdict = !change
      ? '<td class="dim">unchanged</td>'
      : change.accepted
        ? `<td class="accepted">accepted${change.acceptance?.reason ? `<div class="dim">${esc(change.acceptance.reason)}</div>` : ''}</td>`
        : `<td class="unaccepted">changed<div class="dim">accept with --accept ${esc(id)}</div></td>`
    return `<tr data-row data-probe="${esc(id)}"${change ? ' class="changed"' : ''}><td>${esc(label)}<div class="dim">${esc(id)}</div></td><td>${esc(who)}</td>${side(b)}${side(a)}${verdict}</tr>`
  })
  const open = diff.changes.filter((c) => !c.accepted)
  const html = `
<div class="summary">
  <div class="stat"><b>${diff.changes.length}</b>probes changed</div>
  <div class="stat"><b>${open.length}</b>not accepted</div>
</div>
<p class="dim">before: ${esc(context(before))}<br>after: ${esc(context(after))}</p>
${legend()}
<table class="rows"><thead><tr><th>probe</th><th>who tried</th><th>before</th><th>after</th><th>change</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
${open.length ? `<ul>${open.map((c) => `<li class="unaccepted">${esc(formatChange(c))}</li>`).join('')}</ul>` : ''}
${warnings(diff.warningsAdded, 'New warnings')}
${diff.warningsRemoved.length ? warnings(diff.warningsRemoved, 'Warnings gone') : ''}`
  return page('What the change changes', `${beforeName} → ${afterName}`, html)
}
