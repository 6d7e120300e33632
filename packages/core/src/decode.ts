import type { AgentEvent } from './events'
import { detectProtocol, getProtocol } from './protocols/index'
import { createTextDecoder } from './protocols/text'
import type { HeadersLike, ProtocolDecoder, SseMessage } from './protocols/types'
import { parseObject, serverError, wireErrorMessage } from './protocols/wire'

/**
 * Options of {@link createStreamDecoder}.
 *
 * @example
 * ```ts
 * const options: StreamDecoderOptions = { protocol: 'auto', onEvent: (event) => console.log(event.type) }
 * ```
 */
export interface StreamDecoderOptions {
  /** A protocol name, or `'auto'` (the default) to detect it from the headers and first messages. */
  protocol?: string
  headers?: HeadersLike
  onEvent: (event: AgentEvent) => void
  /** Called once, when the protocol is known, before its first event. */
  onProtocol?: (name: string) => void
  /** How many undecided messages to hold before settling for the best guess. Default 16. */
  detectionWindow?: number
}

/**
 * A stream decoder: messages in, normalized events out.
 *
 * @example
 * ```ts
 * const decoder: StreamDecoder = createStreamDecoder({ onEvent: console.log })
 * ```
 */
export interface StreamDecoder {
  push(message: SseMessage): void
  end(): void
  /** The protocol once known. */
  readonly protocol: string | undefined
  /** True once the protocol's end or an error was seen. */
  readonly finished: boolean
  /** See {@link ProtocolDecoder.endsAtEof}. */
  readonly endsAtEof: boolean
}

/**
 * Wraps the protocol decoders: detects the protocol (holding the first messages until it can tell),
 * turns an SSE event named `error` into a run error whatever the protocol, and reports the end.
 *
 * @example
 * ```ts
 * const decoder = createStreamDecoder({ onEvent: (event) => console.log(event) })
 * decoder.push({ data: '{"type":"RUN_STARTED","threadId":"t","runId":"r"}' })
 * decoder.end()
 * ```
 */
export function createStreamDecoder(options: StreamDecoderOptions): StreamDecoder {
  const { onEvent } = options
  const pending: SseMessage[] = []
  let decoder: ProtocolDecoder | undefined
  let protocol: string | undefined
  let failed = false

  const select = (name: string) => {
    const definition = getProtocol(name)
    protocol = definition ? name : 'text'
    options.onProtocol?.(protocol)
    decoder = definition ? definition.createDecoder() : createTextDecoder()
    if (!definition) {
      onEvent({
        type: 'run-error',
        error: { kind: 'unsupported', message: `No decoder for protocol "${name}".` },
      })
    }
    for (const message of pending.splice(0)) handle(message)
  }

  const handle = (message: SseMessage) => {
    if (message.event === 'error') {
      const object = parseObject(message.data)
      failed = true
      const text = object ? wireErrorMessage(object, '') : message.data.trim()
      onEvent({
        type: 'run-error',
        error: serverError(text || 'The server sent an error event.', object?.code),
      })
      return
    }
    decoder!.decode(message, onEvent)
  }

  /** The protocol the held messages point to; with `final`, a best guess if they point nowhere. */
  const detect = (final: boolean) => detectProtocol(options.headers, pending, { final })

  const requested = (options.protocol !== 'auto' && options.protocol) || detect(false)
  if (requested) select(requested)

  return {
    push(message) {
      if (decoder) return handle(message)
      pending.push(message)
      // Past the detection window, settle for the best guess.
      const name = detect(pending.length >= (options.detectionWindow ?? 16))
      if (name) select(name)
    },
    end() {
      // A final detection always names a protocol.
      if (!decoder) select(detect(true)!)
      decoder!.end(onEvent)
    },
    get protocol() {
      return protocol
    },
    get finished() {
      return failed || !!decoder?.finished
    },
    get endsAtEof() {
      return !!decoder?.endsAtEof
    },
  }
}
