import Table from 'cli-table3'
import pc from 'picocolors'
import { formatChange, type CheckDiff } from '../check/diff.ts'
import type { CheckReport } from '../check/types.ts'

/** The machine form: exactly `{"probes":[{probe,outcome,key,message}],"warnings":[...]}`. */
export function checkToJson(report: CheckReport): string {
  const probes = report.probes.map(({ probe, outcome, key, message }) => ({ probe, outcome, key, message }))
  return `${JSON.stringify({ probes, warnings: report.warnings }, null, 2)}\n`
}

/** One row per probe, then the warnings in plain words. */
export function checkToTable(report: CheckReport, color = pc.isColorSupported): string {
  const paint = color ? pc : pc.createColors(false)
  const { context } = report
  const table = new Table({
    head: ['probe', 'who tried', 'outcome', 'what the player sees'],
    style: { head: color ? ['bold'] : [], border: color ? ['grey'] : [] },
    wordWrap: true,
    colWidths: [30, 34, 22, 48],
  })
  for (const r of report.probes) {
    const outcome =
      r.outcome === 'success' ? paint.green(r.outcome) : r.outcome === 'error' ? paint.red(r.outcome) : paint.yellow(r.outcome)
    table.push([
      `${r.label}\n${paint.dim(r.probe)}`,
      r.who + (r.note ? `\n${paint.dim(`(${r.note})`)}` : ''),
      outcome,
      r.message || paint.dim('(joined the world)'),
    ])
  }
  const head = `${context.file}: online-mode=${context.onlineMode}, white-list=${context.whiteList}, password plugin: ${context.guard ? 'AuthMe' : 'none'}, version ${context.version}`
  const warnings = report.warnings.length
    ? report.warnings.map((w) => paint.yellow(`warning: ${w}`)).join('\n')
    : paint.green('no warnings')
  return `${head}\n${table.toString()}\n${warnings}\n${paint.dim(`${report.probes.length} probes in ${(report.ms / 1000).toFixed(1)} s`)}\n`
}

/** Only what changed, one line per probe, marking what was accepted. */
export function diffToText(diff: CheckDiff, before: string, after: string, color = pc.isColorSupported): string {
  const paint = color ? pc : pc.createColors(false)
  const lines = [`${before} -> ${after}`]
  if (diff.changes.length === 0) lines.push(paint.green('no probe changed'))
  for (const change of diff.changes) {
    const line = formatChange(change)
    if (change.accepted) {
      const why = change.acceptance?.reason ? `: ${change.acceptance.reason}` : ''
      lines.push(`${paint.green('accepted')}  ${line} ${paint.dim(`(${change.acceptance!.source}${why})`)}`)
    } else {
      lines.push(`${paint.red('changed')}   ${line}`)
    }
  }
  for (const w of diff.warningsAdded) lines.push(paint.yellow(`new warning: ${w}`))
  for (const w of diff.warningsRemoved) lines.push(paint.dim(`warning gone: ${w}`))
  for (const a of diff.unusedAcceptances) {
    lines.push(paint.dim(`note: ${a.source} accepts a change of "${a.probe}"${a.to ? ` to ${a.to}` : ''} that did not happen`))
  }
  const open = diff.changes.filter((c) => !c.accepted).length
  if (diff.changes.length > 0) {
    lines.push(
      open
        ? paint.red(
            `${open} unaccepted change${open === 1 ? '' : 's'}; accept with --accept ${diff.changes
              .filter((c) => !c.accepted)
              .map((c) => c.probe)
              .join(',')}`,
          )
        : paint.green('every change is accepted'),
    )
  }
  return `${lines.join('\n')}\n`
}

/** The machine form of a diff, for CI logs and bots. */
export function diffToJson(diff: CheckDiff): string {
  const changes = diff.changes.map((c) => ({
    probe: c.probe,
    before: c.before ? { outcome: c.before.outcome, key: c.before.key, message: c.before.message } : null,
    after: c.after ? { outcome: c.after.outcome, key: c.after.key, message: c.after.message } : null,
    accepted: c.accepted,
  }))
  return `${JSON.stringify({ changes, warningsAdded: diff.warningsAdded, warningsRemoved: diff.warningsRemoved }, null, 2)}\n`
}
