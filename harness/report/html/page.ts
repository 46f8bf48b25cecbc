/**
 * The shell of every HTML report: one self-contained file (inline CSS, inline SVG, no script, no
 * font or image from anywhere), so it opens from a CI artifact or an e-mail with no network.
 */

/** Escapes text for HTML element content and attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** Groups outcome codes by what they mean for a player; each group has one colour. */
export type Tone = 'ok' | 'refused' | 'outage' | 'broken'

export function toneOf(outcome: string): Tone {
  if (outcome === 'success') return 'ok'
  if (['auth_servers_down', 'auth_servers_unreachable'].includes(outcome)) return 'outage'
  if (['timeout', 'connection_error', 'error', 'slow_login'].includes(outcome)) return 'broken'
  return 'refused'
}

/** Fill colours per tone, also used by the SVG charts. */
export const TONE_COLOURS: Record<Tone, { bg: string; fg: string; bar: string }> = {
  ok: { bg: '#e3f4e4', fg: '#1b5e20', bar: '#43a047' },
  refused: { bg: '#fff3d6', fg: '#7a4f00', bar: '#f2a900' },
  outage: { bg: '#ffe3cc', fg: '#8a3b00', bar: '#ef6c00' },
  broken: { bg: '#fde0e0', fg: '#8e1b1b', bar: '#d32f2f' },
}

const TONE_WORDS: Record<Tone, string> = {
  ok: 'joined',
  refused: 'refused by the server or plugin (by design or by mistake)',
  outage: 'session server outage',
  broken: 'timed out, broken connection or harness error',
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 24px; color: #1d1d1f; background: #fafafa; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
.sub { color: #555; margin: 0 0 16px; }
.summary { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.stat { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 8px 14px; }
.stat b { display: block; font-size: 20px; }
table { border-collapse: collapse; background: #fff; margin: 8px 0 16px; }
th, td { border: 1px solid #d6d6d6; padding: 6px 9px; text-align: left; vertical-align: top; }
th { background: #f0f0f2; font-weight: 600; }
td.cell { min-width: 170px; max-width: 320px; }
.code { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 600; }
.msg { white-space: pre-wrap; font-size: 13px; margin-top: 2px; }
.dim { color: #666; font-size: 12px; }
.mark { float: right; font-weight: 700; margin-left: 6px; }
.fail { outline: 3px solid #d32f2f; outline-offset: -3px; }
.legend span { display: inline-block; padding: 2px 8px; margin: 0 6px 6px 0; border-radius: 4px; font-size: 12px; }
ul.warnings li { margin: 4px 0; }
.warn { color: #7a4f00; }
.changed td { background: #fff8e6; }
.accepted { color: #1b5e20; font-weight: 600; }
.unaccepted { color: #8e1b1b; font-weight: 600; }
svg text { font: 11px system-ui, "DejaVu Sans", sans-serif; fill: #333; }
footer { margin-top: 32px; color: #777; font-size: 12px; }
`

export function toneStyle(outcome: string): string {
  const c = TONE_COLOURS[toneOf(outcome)]
  return `background:${c.bg};color:${c.fg}`
}

export function legend(): string {
  const items = (Object.keys(TONE_COLOURS) as Tone[]).map(
    (t) => `<span style="background:${TONE_COLOURS[t].bg};color:${TONE_COLOURS[t].fg}">${esc(TONE_WORDS[t])}</span>`,
  )
  return `<div class="legend">${items.join('')}</div>`
}

/** A cell showing an outcome and the text the player saw. */
export function outcomeCell(
  outcome: string,
  message: string,
  options: { before?: string; after?: string; attrs?: string; failed?: boolean } = {},
): string {
  const text = message
    ? `<div class="msg">${esc(message)}</div>`
    : outcome === 'success'
      ? '<div class="msg dim">(joined the world)</div>'
      : ''
  const cls = options.failed ? 'cell fail' : 'cell'
  return `<td class="${cls}" style="${toneStyle(outcome)}" data-outcome="${esc(outcome)}"${options.attrs ?? ''}>${options.before ?? ''}<span class="code">${esc(outcome)}</span>${text}${options.after ?? ''}</td>`
}

export function page(title: string, subtitle: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="sub">${esc(subtitle)}</p>
${body}
<footer>mc-login-harness · generated ${esc(new Date().toISOString())} · self-contained: no scripts, no network</footer>
</body>
</html>
`
}
