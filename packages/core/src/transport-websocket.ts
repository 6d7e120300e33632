// The `@agentstream/core/websocket` entry: kept out of the main entry so that SSE-only apps do not
// ship it. Plug it into a store with `createAgentStream({ transport: streamWebSocket })`.
import type { StreamOutcome, StreamTransportOptions } from './transport'

/**
 * Options of {@link streamWebSocket}.
 *
 * @example
 * ```ts
 * const options: StreamWebSocketOptions = { request: { url: 'ws://127.0.0.1:3000/agent' }, signal, onMessage: console.log }
 * ```
 */
export interface StreamWebSocketOptions extends StreamTransportOptions {
  /** Defaults to the global `WebSocket`. */
  WebSocket?: typeof WebSocket
}

/**
 * Streams over a WebSocket instead of SSE: the request body is sent as JSON once the socket opens,
 * and every text message is one event for the same decoders (`[DONE]` included). A close with code
 * 1000 is a clean end; any other close is a lost connection. Never throws.
 *
 * @example
 * ```ts
 * import { streamWebSocket } from '@agentstream/core/websocket'
 *
 * const store = createAgentStream({ url: 'wss://example.com/agent', transport: streamWebSocket })
 * // or on its own:
 * const outcome = await streamWebSocket({
 *   request: { url: 'ws://127.0.0.1:3000/agent', body: { input: 'Hi' } },
 *   signal: new AbortController().signal,
 *   onMessage: (message) => console.log(message.data),
 * })
 * ```
 */
export function streamWebSocket(options: StreamWebSocketOptions): Promise<StreamOutcome> {
  const Socket = options.WebSocket ?? globalThis.WebSocket
  return new Promise((resolve) => {
    if (!Socket) {
      resolve({ type: 'error', error: { kind: 'unsupported', message: 'This runtime has no WebSocket.' } })
      return
    }
    if (options.signal.aborted) return resolve({ type: 'aborted' })
    let socket: WebSocket
    try {
      socket = new Socket(options.request.url)
    } catch (error) {
      resolve({
        type: 'error',
        error: {
          kind: 'network',
          message: `Could not open ${options.request.url}: ${error instanceof Error ? error.message : String(error)}`,
        },
      })
      return
    }
    let settled = false
    const finish = (outcome: StreamOutcome) => {
      if (settled) return
      settled = true
      options.signal.removeEventListener('abort', abort)
      resolve(outcome)
    }
    const abort = () => {
      socket.close(1000)
      finish({ type: 'aborted' })
    }
    options.signal.addEventListener('abort', abort, { once: true })
    socket.addEventListener('open', () => {
      const body = options.request.body
      if (body !== undefined) socket.send(typeof body === 'string' ? body : JSON.stringify(body))
    })
    socket.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data === 'string') options.onMessage({ data: event.data })
    })
    socket.addEventListener('error', () => {
      finish({
        type: 'error',
        error: { kind: 'network', message: `The WebSocket ${options.request.url} failed.` },
      })
    })
    socket.addEventListener('close', (event: CloseEvent) => {
      if (event.code === 1000 || event.code === 1005) finish({ type: 'end' })
      else
        finish({
          type: 'error',
          error: {
            kind: 'network',
            message: `The WebSocket closed with code ${event.code}${event.reason ? `: ${event.reason}` : ''}.`,
          },
        })
    })
  })
}
