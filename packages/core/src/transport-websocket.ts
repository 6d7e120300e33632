// The `@agentstream/core/websocket` entry: kept out of the main entry so that SSE-only apps do not
// ship it. Plug it into a store with `createAgentStream({ transport: streamWebSocket })`.
import type { AgentStreamError } from './events'
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

const networkError = (message: string): StreamOutcome => ({
  type: 'error',
  error: { kind: 'network', message },
})

/**
 * Streams over a WebSocket instead of SSE: the request body is sent as JSON once the socket opens,
 * and every message — text, or binary as UTF-8 — is one event for the same decoders (`[DONE]`
 * included). A close with code 1000 is a clean end; any other close is a lost connection. To resume,
 * the URL gets a `lastEventId` query parameter. A WebSocket cannot carry HTTP headers: a request
 * with headers is refused with a `client` error rather than sent without them. Never throws.
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
  const { request, signal, lastEventId, idleTimeout } = options
  return new Promise((resolve) => {
    if (!Socket) {
      resolve({ type: 'error', error: { kind: 'unsupported', message: 'This runtime has no WebSocket.' } })
      return
    }
    if (signal.aborted) return resolve({ type: 'aborted' })
    const headerNames = Object.keys(request.headers ?? {})
    if (headerNames.length > 0) {
      // Dropping them would turn an `authorization` header into a bare 401 later on.
      const error: AgentStreamError = {
        kind: 'client',
        message: `A WebSocket cannot send HTTP headers (${headerNames.join(', ')}): put credentials in the URL or the request body.`,
      }
      return resolve({ type: 'error', error })
    }
    let url = request.url
    let socket: WebSocket
    try {
      if (lastEventId !== undefined) {
        const resumed = new URL(url, globalThis.location?.href)
        resumed.searchParams.set('lastEventId', lastEventId)
        url = resumed.href
      }
      socket = new Socket(url)
      socket.binaryType = 'arraybuffer'
    } catch (error) {
      resolve(
        networkError(`Could not open ${url}: ${error instanceof Error ? error.message : String(error)}`),
      )
      return
    }
    let settled = false
    let idleTimer: ReturnType<typeof setTimeout> | undefined
    const finish = (outcome: StreamOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(idleTimer)
      signal.removeEventListener('abort', abort)
      resolve(outcome)
    }
    const touch = () => {
      clearTimeout(idleTimer)
      if (idleTimeout)
        idleTimer = setTimeout(() => {
          socket.close(1000)
          finish({
            type: 'error',
            error: { kind: 'timeout', message: `Nothing arrived for ${idleTimeout} ms.` },
          })
        }, idleTimeout)
    }
    const abort = () => {
      socket.close(1000)
      finish({ type: 'aborted' })
    }
    const decoder = new TextDecoder()
    signal.addEventListener('abort', abort, { once: true })
    touch()
    socket.addEventListener('open', () => {
      touch()
      const body = request.body
      if (body !== undefined) socket.send(typeof body === 'string' ? body : JSON.stringify(body))
    })
    socket.addEventListener('message', (event: MessageEvent) => {
      if (settled) return
      touch()
      const data: unknown = event.data
      if (typeof data === 'string') options.onMessage({ data })
      else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data))
        options.onMessage({ data: decoder.decode(data) })
    })
    socket.addEventListener('error', (event: Event) => {
      // Browsers say nothing more; Node's and `ws`'s error events carry the reason (a 401 upgrade…).
      const reason = (event as Event & { message?: unknown }).message
      finish(
        networkError(
          `The WebSocket ${url} failed${typeof reason === 'string' && reason ? `: ${reason}` : '.'}`,
        ),
      )
    })
    socket.addEventListener('close', (event: CloseEvent) => {
      if (event.code === 1000 || event.code === 1005) finish({ type: 'end' })
      else
        finish(
          networkError(
            `The WebSocket closed with code ${event.code}${event.reason ? `: ${event.reason}` : ''}.`,
          ),
        )
    })
  })
}
