import { createDeltaCoalescer } from './coalesce'
import { createStreamDecoder } from './decode'
import type { AgentEvent, ProtocolName } from './events'
import type { HeadersLike } from './protocols/types'
import type { RunEvent } from './reduce'
import { reduce, truncated } from './reduce'
import { createSseFramer } from './sse'
import type { RunState } from './state'
import { initialRunState } from './state'

/** A body that stops inside a frame was cut, even where a clean end would mean success. */
export const truncatedError = { type: 'run-error', error: truncated } as const

/**
 * Options of {@link decodeBody}.
 *
 * @example
 * ```ts
 * const options: DecodeBodyOptions = { protocol: 'openai-chat' }
 * ```
 */
export interface DecodeBodyOptions {
  /** A protocol name, or `'auto'` (default). */
  protocol?: string
  headers?: HeadersLike
  /** Every decoded event, in order. */
  onEvent?: (event: AgentEvent) => void
  /** Every SSE message, before decoding. */
  onMessage?: (message: { event?: string; data: string; id?: string }) => void
}

/**
 * Reads a whole recorded SSE body — one string or byte array, or the chunks it arrived in — and
 * returns the final run state, synchronously. The same framing, decoders and reducer as a live
 * stream.
 *
 * @example
 * ```ts
 * const state = decodeBody('data: {"type":"RUN_STARTED","threadId":"t","runId":"r"}\n\n')
 * summarize(state).protocol // 'ag-ui'
 * ```
 */
export function decodeBody(
  body: string | Uint8Array | readonly (string | Uint8Array)[],
  options: DecodeBodyOptions = {},
): RunState {
  let state = reduce(initialRunState, { type: 'request-start' })
  const apply = (event: RunEvent) => {
    state = reduce(state, event)
  }
  const coalescer = createDeltaCoalescer(apply)
  const decoder = createStreamDecoder({
    protocol: options.protocol ?? 'auto',
    headers: options.headers,
    onProtocol: (protocol) => apply({ type: 'request-open', protocol: protocol as ProtocolName }),
    onEvent: (event) => {
      options.onEvent?.(event)
      coalescer.push(event)
    },
  })
  const framer = createSseFramer({
    onMessage: (message) => {
      options.onMessage?.(message)
      decoder.push(message)
    },
  })
  // One chunk or many (`flat` leaves byte arrays whole).
  for (const chunk of [body].flat()) {
    framer.feed(chunk)
    coalescer.flush()
  }
  const cutInsideFrame = framer.end()
  coalescer.flush()
  if (cutInsideFrame && !decoder.finished) {
    options.onEvent?.(truncatedError)
    apply(truncatedError)
  }
  decoder.end()
  coalescer.flush()
  apply({ type: 'request-end' })
  return state
}
