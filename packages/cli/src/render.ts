import type { RunSummary } from '@agentstream/core/summary'
import { compact, errorLine, indent, statusMark, toolMark, toolStatus } from './format'
import { colors } from './io'

/**
 * Options of {@link renderSummary}.
 *
 * @example
 * ```ts
 * const options: RenderOptions = { color: false }
 * ```
 */
export interface RenderOptions {
  /** ANSI colors (picocolors). Off by default. */
  color?: boolean
  /** Cut tool arguments and outputs to this many characters (default 400). */
  maxValueLength?: number
}

/**
 * A run summary as readable text: protocol and status, the error, the messages with their agents,
 * reasoning, refusals, tool calls (name, status, args, output, error), handoffs, pending approvals,
 * data parts, state, usage and skipped frames. What `agentstream replay FILE` prints.
 *
 * @example
 * ```ts
 * import { decodeBody } from '@agentstream/core'
 * import { summarize } from '@agentstream/core/summary'
 * import { renderSummary } from '@agentstream/cli'
 *
 * const summary = summarize(decodeBody(recordedBody))
 * process.stdout.write(renderSummary(summary, { color: process.stdout.isTTY }) + '\n')
 * ```
 */
export function renderSummary(summary: RunSummary, options: RenderOptions = {}): string {
  const c = colors(options.color ?? false)
  const max = options.maxValueLength ?? 400
  const out: string[] = []
  const section = (title: string) => {
    out.push('', c.bold(c.underline(title)))
  }
  const label = (text: string) => c.dim(text.padEnd(7))

  const head = [c.bold(summary.protocol), statusMark(summary.status, c)]
  if (summary.agent) head.push(`agent ${c.magenta(summary.agent)}`)
  out.push(head.join(c.dim(' · ')))
  const error = errorLine(
    summary.error !== null || summary.errorKind !== null
      ? { kind: summary.errorKind ?? 'error', message: summary.error ?? '' }
      : null,
    c,
  )
  if (error) out.push(error)

  section('Messages')
  if (summary.messages.length === 0) out.push(c.dim('  (no assistant text)'))
  let previousAgent: string | null | undefined
  summary.messages.forEach((message, index) => {
    if (index === 0 || message.agent !== previousAgent) {
      out.push(`  ${c.bold(c.magenta(message.agent ?? message.role))}`)
      previousAgent = message.agent
    } else out.push('')
    out.push(indent(message.text, '    '))
  })

  if (summary.reasoning.length > 0) {
    section('Reasoning')
    for (const text of summary.reasoning) out.push(c.dim(c.italic(indent(text, '  '))))
  }
  if (summary.refusals.length > 0) {
    section('Refusals')
    for (const text of summary.refusals) out.push(c.yellow(indent(text, '  ')))
  }

  if (summary.toolCalls.length > 0) {
    section('Tool calls')
    for (const call of summary.toolCalls) {
      const agent = call.agent ? ` ${c.magenta(call.agent)}` : ''
      out.push(
        `  ${toolMark(call.status, c)} ${c.bold(call.name)} ${toolStatus(call.status, c)}${agent} ${c.dim(call.callId)}`,
      )
      if ('args' in call) out.push(`      ${label('args')} ${compact(call.args, max)}`)
      if ('output' in call) out.push(`      ${label('output')} ${compact(call.output, max)}`)
      if (call.error !== undefined) out.push(`      ${label('error')} ${c.red(compact(call.error, max))}`)
    }
  }

  if (summary.handoffs.length > 0) {
    section('Handoffs')
    for (const handoff of summary.handoffs)
      out.push(`  ${c.magenta(handoff.from ?? '?')} ${c.dim('→')} ${c.magenta(handoff.to)}`)
  }

  if (summary.approvals.length > 0) {
    section('Waiting for approval')
    for (const approval of summary.approvals) {
      const args = 'args' in approval ? ` ${compact(approval.args, max)}` : ''
      out.push(`  ${c.yellow('⏸')} ${c.bold(approval.name)}${args} ${c.dim(approval.callId)}`)
    }
  }

  if (summary.data && summary.data.length > 0) {
    section('Data')
    for (const part of summary.data) {
      const id = part.id !== undefined ? ` ${c.dim(part.id)}` : ''
      out.push(`  ${c.bold(part.type)}${id} ${compact(part.data, max)}`)
    }
  }
  const extras: [string, unknown][] = []
  if ('state' in summary) extras.push(['State', summary.state])
  if ('metadata' in summary) extras.push(['Metadata', summary.metadata])
  if ('usage' in summary) extras.push(['Usage', summary.usage])
  if (extras.length > 0) out.push('')
  for (const [name, value] of extras) out.push(`${c.bold(name)} ${compact(value, max)}`)

  out.push('')
  const skipped = `Skipped frames: ${summary.skippedFrames}`
  out.push(summary.skippedFrames > 0 ? c.yellow(`${skipped} (not valid JSON)`) : c.dim(skipped))
  return out.join('\n')
}
