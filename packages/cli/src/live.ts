import { stripVTControlCharacters } from 'node:util'
import type { AgentStreamError, MessagePart, RunState, ToolCall } from '@agentstream/core'
import { isRunning, selectMessages } from '@agentstream/core'
import { compact, count, errorLine, formatDuration, indent, statusMark, toolMark, toolStatus } from './format'
import { type Colors, colors } from './io'

/**
 * What {@link renderRun} shows besides the state: where the stream comes from, how long it has
 * been running and how much arrived.
 *
 * @example
 * ```ts
 * const view: RunView = { state: store.getState(), elapsed: 1200, events: 42, deltas: 30 }
 * ```
 */
export interface RunView {
  state: RunState
  /** Milliseconds since the stream started. */
  elapsed: number
  /** Decoded events so far. */
  events: number
  /** Text, reasoning, refusal and tool-argument deltas so far. */
  deltas: number
  /** The URL or file being watched, shown on the first line. */
  source?: string
  /** Epoch ms "now", for the duration of running tool calls (default `Date.now()`). */
  now?: number
  /** The spinner frame (default `⠋`). */
  spinner?: string
  /** Shown instead of `state.error` (the CLI's own wording for a connection failure). */
  error?: AgentStreamError | null
}

/**
 * Options of {@link renderRun}.
 *
 * @example
 * ```ts
 * const options: RenderRunOptions = { color: true, viewport: { columns: 80, rows: 24 } }
 * ```
 */
export interface RenderRunOptions {
  color?: boolean
  /**
   * Render for a live region of this size: only the tail that fits is built (long texts are cut
   * from the start), so a frame costs the same however long the run is.
   */
  viewport?: { columns: number; rows: number }
}

type Item =
  | { kind: 'text'; text: string; header: string | undefined }
  | { kind: 'reasoning'; text: string }
  | { kind: 'refusal'; text: string }
  | { kind: 'call'; call: ToolCall }
  | { kind: 'handoff'; from: string | null; to: string }
  | { kind: 'data'; type: string; data: unknown }

/** The assistant side of the conversation as a flat list, with agent headers where the speaker changes. */
function collectItems(state: RunState): Item[] {
  const items: Item[] = []
  const seen = new Set<string>()
  let speaker: string | undefined
  for (const message of selectMessages(state)) {
    if (message.role !== 'assistant') continue
    for (const part of message.parts as readonly MessagePart[]) {
      switch (part.type) {
        case 'text': {
          if (!part.text) break
          const label = part.agent ?? message.agent ?? 'assistant'
          items.push({ kind: 'text', text: part.text, header: label !== speaker ? label : undefined })
          speaker = label
          break
        }
        case 'reasoning':
          if (part.text) items.push({ kind: 'reasoning', text: part.text })
          break
        case 'refusal':
          if (part.text) items.push({ kind: 'refusal', text: part.text })
          break
        case 'tool-call': {
          const call = state.toolCalls[part.callId]
          if (call && !seen.has(call.callId)) {
            seen.add(call.callId)
            items.push({ kind: 'call', call })
          }
          break
        }
        case 'handoff':
          items.push({ kind: 'handoff', from: part.from, to: part.to })
          speaker = undefined
          break
        case 'data':
          items.push({ kind: 'data', type: `data-${part.dataType}`, data: part.data })
          break
      }
    }
  }
  // Calls no message points to (defensive: every protocol places them in a message).
  for (const callId of state.toolCallIds) {
    const call = state.toolCalls[callId]
    if (call && !seen.has(callId)) items.push({ kind: 'call', call })
  }
  return items
}

function tail(text: string, budget: number | undefined): string {
  if (budget === undefined || text.length <= budget) return text
  return `…${text.slice(text.length - budget)}`
}

function renderItem(
  item: Item,
  c: Colors,
  context: { budget: number | undefined; now: number; spinner: string; valueLength: number },
): string[] {
  const { budget, valueLength } = context
  switch (item.kind) {
    case 'text': {
      const lines = indent(tail(item.text, budget), '  ').split('\n')
      return item.header !== undefined ? [c.bold(c.magenta(item.header)), ...lines] : lines
    }
    case 'reasoning':
      return indent(tail(item.text, budget), '  ')
        .split('\n')
        .map((line) => c.dim(c.italic(line)))
    case 'refusal':
      return indent(tail(item.text, budget), '  ')
        .split('\n')
        .map((line) => c.yellow(line))
    case 'call': {
      const { call } = item
      const started = call.startedAt
      const duration =
        started !== undefined ? ` ${c.dim(formatDuration((call.endedAt ?? context.now) - started))}` : ''
      const args =
        call.args !== undefined ? compact(call.args, valueLength) : compact(call.argsText, valueLength)
      const lines = [
        `  ${toolMark(call.status, c, context.spinner)} ${c.bold(call.name)} ${toolStatus(call.status, c)}${duration}${args ? ` ${c.dim(args)}` : ''}`,
      ]
      if (call.error !== undefined) lines.push(`    ${c.red('↳')} ${c.red(compact(call.error, valueLength))}`)
      else if ('output' in call) lines.push(`    ${c.dim('↳')} ${compact(call.output, valueLength)}`)
      return lines
    }
    case 'handoff':
      return [`${c.yellow('↪')} ${c.magenta(item.from ?? '?')} ${c.dim('→')} ${c.magenta(item.to)}`]
    case 'data':
      return [`  ${c.dim('◆')} ${c.bold(item.type)} ${c.dim(compact(item.data, valueLength))}`]
  }
}

function rowsOf(line: string, columns: number): number {
  return Math.max(1, Math.ceil(stripVTControlCharacters(line).length / columns))
}

/**
 * The live view of a run: the streaming text under the speaking agent's name, a timeline of tool
 * calls (name, state, duration, arguments, output), handoff lines (`Triage → Weather Agent`),
 * approvals waiting, then a status line (spinner, protocol, elapsed time, deltas and events) and the
 * error (kind, HTTP status, message). With a `viewport`, only the tail that fits is rendered.
 *
 * @example
 * ```ts
 * import { renderRun } from '@agentstream/cli'
 *
 * store.subscribe((state) => {
 *   logUpdate(renderRun({ state, elapsed: Date.now() - start, events, deltas }, { color: true }))
 * })
 * ```
 */
export function renderRun(view: RunView, options: RenderRunOptions = {}): string {
  const c = colors(options.color ?? false)
  const { state } = view
  const now = view.now ?? Date.now()
  const spinner = view.spinner ?? '⠋'
  const viewport = options.viewport
  const columns = Math.max(20, viewport?.columns ?? 80)
  const footer = renderStatus(view, options).split('\n')

  const items = collectItems(state)
  const head = view.source !== undefined ? c.dim(`▸ ${view.source}`) : undefined

  if (!viewport) {
    const context = { budget: undefined, now, spinner, valueLength: 200 }
    const body = items.flatMap((item) => renderItem(item, c, context))
    return [...(head ? [head] : []), ...body, ...(body.length > 0 ? [''] : []), ...footer].join('\n')
  }

  // Live: build from the end and stop when the viewport is full.
  const footerRows = footer.reduce((sum, line) => sum + rowsOf(line, columns), 0)
  // Rows: the body, a '…' when it is cut, a blank line, the footer, and the cursor's line.
  let free = Math.max(1, viewport.rows - footerRows - 3)
  const budget = Math.max(columns, free * columns - 3)
  const context = { budget, now, spinner, valueLength: Math.max(20, columns - 30) }
  const body: string[] = []
  let cut = false
  for (let index = items.length - 1; index >= 0 && !cut; index--) {
    const lines = renderItem(items[index]!, c, context)
    for (let line = lines.length - 1; line >= 0; line--) {
      const rows = rowsOf(lines[line]!, columns)
      if (rows > free) {
        cut = true
        break
      }
      free -= rows
      body.push(lines[line]!)
    }
  }
  body.reverse()
  if (cut) body.unshift(c.dim('…'))
  else if (head && free > 0) body.unshift(head)
  return [...body, ...(body.length > 0 ? [''] : []), ...footer].join('\n')
}

/**
 * Just the status of a run, as {@link renderRun} ends: waiting approvals, then status, protocol,
 * elapsed time, deltas and events, then the error (kind, HTTP status, message).
 *
 * @example
 * ```ts
 * process.stderr.write(renderStatus({ state, elapsed: 1200, events: 42, deltas: 30 }) + '\n')
 * // ✓ done · ai-sdk · 1.2s · 30 deltas · 42 events
 * ```
 */
export function renderStatus(view: RunView, options: { color?: boolean } = {}): string {
  const c = colors(options.color ?? false)
  const { state } = view
  const spinner = view.spinner ?? '⠋'
  const footer: string[] = []
  for (const approval of state.approvals) {
    const args = approval.args !== undefined ? ` ${c.dim(compact(approval.args, 80))}` : ''
    footer.push(`${c.yellow('⏸ waiting for approval:')} ${c.bold(approval.name)}${args}`)
  }
  const running = isRunning(state.status) || state.status === 'idle'
  const status = running ? `${c.cyan(spinner)} ${c.cyan(state.status)}` : statusMark(state.status, c)
  const facts = [
    status,
    ...(state.protocol ? [c.bold(state.protocol)] : running ? [c.dim('detecting…')] : []),
    formatDuration(view.elapsed),
    count(view.deltas, 'delta'),
    count(view.events, 'event'),
  ]
  if (state.step && running) facts.push(`step ${state.step}`)
  if (state.skippedFrames > 0) facts.push(c.yellow(count(state.skippedFrames, 'skipped frame')))
  footer.push(facts.join(c.dim(' · ')))
  const error = errorLine(view.error !== undefined ? view.error : state.error, c)
  if (error) footer.push(error)
  return footer.join('\n')
}
