import type { Colors } from './io'

/**
 * A value as one line of compact JSON (strings as they are), cut to `max` characters.
 *
 * @example
 * ```ts
 * compact({ city: 'Oslo' }) // '{"city":"Oslo"}'
 * ```
 */
export function compact(value: unknown, max = 120): string {
  let text: string
  if (typeof value === 'string') text = value
  else {
    try {
      text = JSON.stringify(value) ?? String(value)
    } catch {
      text = String(value)
    }
  }
  text = text.replace(/\s*[\r\n]+\s*/g, ' ')
  if (text.length <= max) return text
  return `${text.slice(0, Math.max(0, max - 1))}… (${text.length - max + 1} more characters)`
}

/**
 * Milliseconds as `340ms`, `1.2s` or `2m 05s`.
 *
 * @example
 * ```ts
 * formatDuration(1234) // '1.2s'
 * ```
 */
export function formatDuration(milliseconds: number): string {
  const ms = Math.max(0, Math.round(milliseconds))
  if (ms < 1000) return `${ms}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const minutes = Math.floor(ms / 60_000)
  const seconds = Math.floor((ms % 60_000) / 1000)
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`
}

/** `1 event`, `2 events`, with thousands separators. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`
}

/** The icon and color of a run status. */
export function statusMark(status: string, c: Colors): string {
  switch (status) {
    case 'done':
      return c.green(`✓ ${status}`)
    case 'error':
      return c.red(`✖ ${status}`)
    case 'interrupted':
      return c.yellow(`⏸ ${status}`)
    case 'incomplete':
      return c.yellow(`◐ ${status}`)
    case 'stopped':
      return c.yellow(`■ ${status}`)
    default:
      return c.cyan(status)
  }
}

/** The icon and color of a tool call status (a spinner frame for running ones). */
export function toolMark(status: string, c: Colors, spinner = '…'): string {
  switch (status) {
    case 'done':
      return c.green('✓')
    case 'error':
      return c.red('✖')
    case 'denied':
      return c.red('⊘')
    case 'awaiting-approval':
      return c.yellow('⏸')
    case 'stopped':
      return c.yellow('■')
    default:
      return c.cyan(spinner)
  }
}

/** Colors a tool call status word. */
export function toolStatus(status: string, c: Colors): string {
  if (status === 'done') return c.green(status)
  if (status === 'error' || status === 'denied') return c.red(status)
  if (status === 'awaiting-approval' || status === 'stopped') return c.yellow(status)
  return c.cyan(status)
}

/** Indents every line of a text. */
export function indent(text: string, prefix = '  '): string {
  return prefix + text.replace(/\r\n|\r|\n/g, `\n${prefix}`)
}

/** The error of a run as one line: kind (and HTTP status) then the message. */
export function errorLine(
  error: { kind: string; message: string; status?: number | undefined } | null | undefined,
  c: Colors,
): string | undefined {
  if (!error) return undefined
  const kind = error.status !== undefined ? `${error.kind} ${error.status}` : error.kind
  return `${c.red(c.bold('Error'))} ${c.red(`(${kind})`)} ${error.message}`
}
