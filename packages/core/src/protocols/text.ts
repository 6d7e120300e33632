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
  return {
    decode(message: SseMessage, emit: Emit) {
      if (finished) return
      if (message.data === '[DONE]') {
        finished = true
        emit({ type: 'run-finish', outcome: 'done' })
        return
      }
      if (message.data) emit({ type: 'text-delta', messageId: 'text', delta: message.data })
    },
    end(emit: Emit) {
      if (finished) return
      finished = true
      emit({ type: 'run-finish', outcome: 'done' })
    },
    get finished() {
      return finished
    },
  }
}
