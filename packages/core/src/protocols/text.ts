import type { Emit, ProtocolDecoder, SseMessage } from './types'

/**
 * Decoder for the simplest endpoints: every `data:` payload is text (multi-line data joined with
 * `\n`, as SSE defines). A clean end of the stream, or a `[DONE]` sentinel, is success.
 *
 * @example
 * ```ts
 * const decoder = createTextDecoder()
 * decoder.decode({ data: 'Hello' }, emit)
 * ```
 */
export function createTextDecoder(): ProtocolDecoder {
  let finished = false
  const finish = (emit: Emit) => {
    if (finished) return
    finished = true
    emit({ type: 'run-finish', outcome: 'done' })
  }
  return {
    decode(message: SseMessage, emit: Emit) {
      if (message.data === '[DONE]') finish(emit)
      else if (message.data && !finished) emit({ type: 'text-delta', messageId: 'text', delta: message.data })
    },
    end: finish,
    get finished() {
      return finished
    },
    endsAtEof: true,
  }
}
