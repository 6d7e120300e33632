import type {
  AgentEvent,
  ReasoningDeltaEvent,
  RefusalDeltaEvent,
  TextDeltaEvent,
  ToolCallArgsDeltaEvent,
} from './events'

type DeltaEvent = TextDeltaEvent | ReasoningDeltaEvent | RefusalDeltaEvent | ToolCallArgsDeltaEvent

/** The block a delta extends, or `undefined` for events that are not deltas. */
function blockOf(event: AgentEvent): string | undefined {
  switch (event.type) {
    case 'text-delta':
      return event.messageId
    case 'reasoning-delta':
      return event.reasoningId
    case 'refusal-delta':
      return event.refusalId
    case 'tool-call-args-delta':
      return event.callId
    default:
      return undefined
  }
}

/**
 * Merges consecutive deltas of one block (text, reasoning, refusal, tool arguments) before they
 * reach the reducer. The final state is the same; a burst of tokens that arrived in one network
 * chunk costs one state update instead of one per token. Callers flush at the end of every chunk,
 * so nothing waits for the next one.
 *
 * @example
 * ```ts
 * const coalescer = createDeltaCoalescer((event) => (state = reduce(state, event)))
 * for (const event of eventsOfOneChunk) coalescer.push(event)
 * coalescer.flush()
 * ```
 */
export function createDeltaCoalescer(apply: (event: AgentEvent) => void): {
  push(event: AgentEvent): void
  flush(): void
} {
  let pending: DeltaEvent | undefined
  let pendingBlock: string | undefined
  // The deltas merged so far; the decoder's event is never written to.
  let delta = ''
  const flush = () => {
    const event = pending
    pending = undefined
    if (event) apply(event.delta === delta ? event : { ...event, delta })
  }
  return {
    push(event) {
      const block = blockOf(event)
      if (block === undefined) {
        flush()
        return apply(event)
      }
      if (pending?.type === event.type && pendingBlock === block) {
        delta += (event as DeltaEvent).delta
        return
      }
      flush()
      pending = event as DeltaEvent
      pendingBlock = block
      delta = pending.delta
    },
    flush,
  }
}
