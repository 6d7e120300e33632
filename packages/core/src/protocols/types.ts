import type { AgentEvent, ProtocolName } from '../events'

/**
 * One SSE message as framed by the transport (or one WebSocket message).
 *
 * @example
 * ```ts
 * const message: SseMessage = { event: 'response.output_text.delta', data: '{"delta":"Hi"}', id: '7' }
 * ```
 */
export interface SseMessage {
  event?: string
  data: string
  id?: string
}

/**
 * Receives decoded events.
 *
 * @example
 * ```ts
 * const emit: Emit = (event) => events.push(event)
 * ```
 */
export type Emit = (event: AgentEvent) => void

/**
 * A small stateful decoder from wire messages to normalized events. `end` is called once at the end
 * of the body and reports what a clean end means for the protocol (success, or a truncated run).
 *
 * @example
 * ```ts
 * const decoder = createTextDecoder()
 * decoder.decode({ data: 'Hello' }, (event) => console.log(event))
 * decoder.end((event) => console.log(event))
 * ```
 */
export interface ProtocolDecoder {
  decode(message: SseMessage, emit: Emit): void
  end(emit: Emit): void
  /** True once the protocol's own end (or an error) was seen: a reconnect would add nothing. */
  readonly finished: boolean
  /**
   * True when a clean end of the body is itself the protocol's end (plain text; an Agents SDK stream
   * from a server that writes no end frame), so a clean end is not a dropped connection to resume.
   */
  readonly endsAtEof?: boolean
}

/**
 * Response metadata a detector may look at.
 *
 * @example
 * ```ts
 * const headers: HeadersLike = new Headers({ 'x-vercel-ai-ui-message-stream': 'v1' })
 * ```
 */
export type HeadersLike = Headers | Readonly<Record<string, string>>

/**
 * What the detector says about the first messages of a stream: a protocol, or `undefined` when it
 * cannot tell yet.
 *
 * @example
 * ```ts
 * const detect: ProtocolDetector = (headers, messages) => (messages[0]?.event === 'my-event' ? 'mine' : undefined)
 * ```
 */
export type ProtocolDetector = (
  headers: HeadersLike | undefined,
  messages: readonly SseMessage[],
) => string | undefined

/**
 * A protocol the kit can read: a name, a detector and a decoder factory.
 *
 * @example
 * ```ts
 * registerProtocol({ name: 'mine', detect: () => undefined, createDecoder: createTextDecoder })
 * ```
 */
export interface ProtocolDefinition {
  name: ProtocolName | (string & {})
  detect?: ProtocolDetector
  createDecoder: () => ProtocolDecoder
}
