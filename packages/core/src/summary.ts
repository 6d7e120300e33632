import type { ProtocolName } from './events'
import type { RunState } from './state'
import { selectMessages } from './state'

/**
 * The run summary: what a correct client shows once it has read a whole stream. A public, stable
 * contract (`agentstream replay FILE --json` prints it); see the README.
 *
 * @example
 * ```ts
 * import { summarize, type RunSummary } from '@agentstream/core/summary'
 * const summary: RunSummary = summarize(state)
 * console.log(summary.status, summary.messages.map((message) => message.text))
 * ```
 */
export interface RunSummary {
  protocol: ProtocolName | (string & {})
  status: 'done' | 'error' | 'interrupted' | 'incomplete' | (string & {})
  error: string | null
  errorKind: string | null
  agent: string | null
  messages: { role: 'assistant'; agent: string | null; text: string }[]
  reasoning: string[]
  refusals: string[]
  toolCalls: {
    callId: string
    name: string
    agent: string | null
    args?: unknown
    output?: unknown
    error?: string
    status: string
  }[]
  handoffs: { from: string | null; to: string }[]
  approvals: { callId: string; name: string; args?: unknown }[]
  state?: unknown
  data?: { type: string; id?: string; data: unknown }[]
  metadata?: unknown
  usage?: unknown
  skippedFrames: number
}

/**
 * Builds the {@link RunSummary} of a state.
 *
 * @example
 * ```ts
 * import { summarize } from '@agentstream/core/summary'
 * const summary = summarize(store.getState())
 * ```
 */
export function summarize(state: RunState): RunSummary {
  const messages: RunSummary['messages'] = []
  const reasoning: string[] = []
  const refusals: string[] = []
  const data: NonNullable<RunSummary['data']> = []
  for (const message of selectMessages(state)) {
    if (message.role !== 'assistant') continue
    for (const part of message.parts) {
      if (part.type === 'text' && part.text)
        messages.push({ role: 'assistant', agent: part.agent, text: part.text })
      else if (part.type === 'reasoning' && part.text) reasoning.push(part.text)
      else if (part.type === 'refusal' && part.text) refusals.push(part.text)
      else if (part.type === 'data')
        data.push({
          type: `data-${part.dataType}`,
          ...(part.id !== undefined ? { id: part.id } : {}),
          data: part.data,
        })
    }
  }
  const summary: Omit<RunSummary, 'skippedFrames'> = {
    protocol: state.protocol ?? 'text',
    status: state.status,
    error: state.error?.message ?? null,
    errorKind: state.error?.kind ?? null,
    agent: state.agent,
    messages,
    reasoning,
    refusals,
    toolCalls: state.toolCallIds.map((callId) => {
      const call = state.toolCalls[callId]!
      return {
        callId,
        name: call.name,
        agent: call.agent,
        ...(call.args !== undefined ? { args: call.args } : {}),
        ...('output' in call ? { output: call.output } : {}),
        ...(call.error !== undefined ? { error: call.error } : {}),
        status: call.status,
      }
    }),
    handoffs: state.handoffs.map(({ from, to }) => ({ from, to })),
    approvals: state.approvals.map(({ callId, name, args }) => ({
      callId,
      name,
      ...(args !== undefined ? { args } : {}),
    })),
  }
  return {
    ...summary,
    ...(state.sharedState !== undefined ? { state: state.sharedState } : {}),
    ...(data.length > 0 ? { data } : {}),
    ...(state.metadata !== undefined ? { metadata: state.metadata } : {}),
    ...(state.usage !== undefined ? { usage: state.usage } : {}),
    skippedFrames: state.skippedFrames,
  }
}
