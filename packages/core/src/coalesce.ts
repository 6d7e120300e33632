import type {
  AgentEvent,
  ReasoningDeltaEvent,
  RefusalDeltaEvent,
  TextDeltaEvent,
  ToolCallArgsDeltaEvent,
} from './events'

type DeltaEvent = TextDeltaEvent | ReasoningDeltaEvent | RefusalDeltaEvent | ToolCallArgsDeltaEvent

/**
 * Whether `event` extends the block `pending` is a delta of: a delta event is its type, its block's
 * id (`messageId`, `reasoningId`, `refusalId` or `callId`) and `delta`, so all but `delta` must match.
 */
function extendsBlock(pending: DeltaEvent, event: AgentEvent): event is DeltaEvent {
  return (
    pending.type === event.type &&
    Object.keys(event).every(
      (key) => key === 'delta' || pending[key as keyof DeltaEvent] === event[key as keyof AgentEvent],
    )
  )
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
  // The deltas merged so far; the decoder's event is never written to.
  let delta = ''
  const flush = () => {
    const event = pending
    pending = undefined
    if (event) apply(event.delta === delta ? event : { ...event, delta })
  }
  return {
    push(event) {
      if (pending && extendsBlock(pending, event)) {
        delta += event.delta
        return
      }
      flush()
      if ('delta' in event) {
        pending = event
        delta = event.delta
      } else apply(event)
    },
    flush,
  }
}
