/**
 * Escapes text for an XML attribute or element (JUnit reports). Control characters that XML 1.0
 * cannot carry at all are dropped rather than escaped, so a kick reason with a stray byte still
 * yields a file CI tools can parse.
 */
export function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  )
}
