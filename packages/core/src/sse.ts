import { createParser } from 'eventsource-parser'
import type { SseMessage } from './protocols/types'

/**
 * Callbacks of {@link createSseFramer}.
 *
 * @example
 * ```ts
 * const callbacks: SseFramerCallbacks = { onMessage: (message) => console.log(message.data) }
 * ```
 */
export interface SseFramerCallbacks {
  onMessage: (message: SseMessage) => void
  /** The server's `retry:` field, in ms. */
  onRetry?: (milliseconds: number) => void
  onComment?: (comment: string) => void
}

/**
 * Incremental SSE framing over `eventsource-parser`: feed bytes (split anywhere, even inside a
 * multi-byte character) or strings; a leading BOM is dropped; LF, CRLF and lone CR all end lines.
 * `end()` drops an unfinished last frame, as the SSE standard says, and reports that it did.
 *
 * @example
 * ```ts
 * const framer = createSseFramer({ onMessage: (message) => console.log(message.data) })
 * framer.feed(new TextEncoder().encode('data: hello\n\n'))
 * framer.end()
 * ```
 */
export function createSseFramer(callbacks: SseFramerCallbacks): {
  feed(chunk: Uint8Array | string): void
  /** Ends the stream; returns true when it stopped inside a frame (the frame is dropped). */
  end(): boolean
} {
  let ending = false
  let cutInsideFrame = false
  const parser = createParser({
    // The parser's `{ id, event, data }` is the message (`id` and `event` may be undefined).
    onEvent: (message) => {
      if (ending) cutInsideFrame = true
      else callbacks.onMessage(message)
    },
    onRetry: callbacks.onRetry,
    onComment: callbacks.onComment,
  })
  // Strings go through the same UTF-8 decoder, which drops a BOM at the very start of the stream.
  const encoder = new TextEncoder()
  const decoder = new TextDecoder()
  let endsWithCarriageReturn = false
  const feedText = (text: string) => {
    if (!text) return
    endsWithCarriageReturn = text.endsWith('\r')
    parser.feed(text)
  }
  return {
    feed(chunk) {
      feedText(decoder.decode(typeof chunk === 'string' ? encoder.encode(chunk) : chunk, { stream: true }))
    },
    end() {
      feedText(decoder.decode())
      // A lone CR at the very end is a line end, but the parser waits to see whether an LF follows.
      if (endsWithCarriageReturn) parser.feed('\n')
      // Whatever the parser still holds is a frame the stream cut off: noticed, never delivered.
      ending = true
      parser.feed('\n\n')
      parser.reset()
      return cutInsideFrame
    },
  }
}
