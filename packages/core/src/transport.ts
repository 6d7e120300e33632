import type { AgentStreamError } from './events'
import type { SseMessage } from './protocols/types'
import { createSseFramer } from './sse'
import { errorMessage } from './utils/safe-json'

/**
 * An HTTP request for a stream.
 *
 * @example
 * ```ts
 * const request: StreamRequest = { url: '/api/agent', method: 'POST', body: { input: 'Hi' } }
 * ```
 */
export interface StreamRequest {
  url: string
  method?: string
  headers?: Record<string, string>
  /** A string is sent as is; anything else as JSON. */
  body?: unknown
  credentials?: RequestCredentials
}

/**
 * Reconnection policy. Reconnects happen only when the server sent `id:`s and the connection ended
 * before the protocol's end.
 *
 * @example
 * ```ts
 * const policy: ReconnectOptions = { maxAttempts: 5, initialDelay: 250, maxDelay: 5000 }
 * ```
 */
export interface ReconnectOptions {
  /** Default 3; 0 turns reconnection off. */
  maxAttempts?: number
  /** First delay in ms, doubled each attempt (the server's `retry:` wins). Default 500. */
  initialDelay?: number
  /** Default 10,000 ms. */
  maxDelay?: number
}

/**
 * Options of {@link streamSse}.
 *
 * @example
 * ```ts
 * const options: StreamSseOptions = { request: { url: '/sse' }, signal: controller.signal, onMessage: console.log }
 * ```
 */
export interface StreamSseOptions extends StreamTransportOptions {
  fetch?: typeof fetch
  /** Resume from this event id (sent as `Last-Event-ID`). */
  lastEventId?: string
  /** Milliseconds without a byte before the connection counts as lost. Off by default. */
  idleTimeout?: number
  reconnect?: ReconnectOptions | false
  /** Each successful response, before its first message. */
  onOpen?: (response: Response, attempt: number) => void
  onComment?: (comment: string) => void
  /** After the messages of each network chunk were delivered. */
  onChunk?: () => void
  /** The connection dropped; attempt `attempt` starts after `delay` ms. */
  onReconnect?: (attempt: number, delay: number) => void
  /**
   * True once the protocol's own end (or an error frame) arrived: nothing to resume. `cleanEnd` says
   * the body ended without a network error and not inside a frame.
   */
  isFinished?: (cleanEnd: boolean) => boolean
}

/**
 * How {@link streamSse} ended. It never throws.
 *
 * @example
 * ```ts
 * const outcome: StreamOutcome = await streamSse(options)
 * if (outcome.type === 'error') console.error(outcome.error.message)
 * ```
 */
export type StreamOutcome =
  | { type: 'end'; cutInsideFrame?: boolean }
  | { type: 'aborted' }
  | { type: 'error'; error: AgentStreamError }

/**
 * What every transport is given: the request, the abort signal, and where each message goes.
 *
 * @example
 * ```ts
 * const options: StreamTransportOptions = { request: { url: '/api/agent' }, signal, onMessage: console.log }
 * ```
 */
export interface StreamTransportOptions {
  request: StreamRequest
  signal: AbortSignal
  onMessage: (message: SseMessage) => void
  /** Resume after this event (`retry()` after a drop, `resume()`): the transport tells the server. */
  lastEventId?: string
  /** Give up when nothing arrives for this many milliseconds (a `timeout` error). */
  idleTimeout?: number
}

/**
 * A transport other than SSE over fetch, for the store's `transport` option: it delivers each
 * message of the stream and resolves with how the stream ended, never throwing.
 * `streamWebSocket` from `@agentstream/core/websocket` is one.
 *
 * @example
 * ```ts
 * import { streamWebSocket } from '@agentstream/core/websocket'
 * const transport: StreamTransport = streamWebSocket
 * const store = createAgentStream({ url: 'wss://example.com/agent', transport })
 * ```
 */
export type StreamTransport = (options: StreamTransportOptions) => Promise<StreamOutcome>

// At most this much of a read is decoded between two chances to yield.
const sliceBytes = 16_384
// About one frame of decoding, then the page's turn: shorter slices give the page more frames, and
// each frame lays the growing answer out again (measured in bench/README.md, "Long task").
const yieldAfterMs = 16

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, milliseconds)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done)
  })
}

/**
 * Sends a request with `fetch`: a body other than a string goes as JSON, with a JSON content type
 * unless the headers name one; the method is GET without a body and POST with one by default.
 * Shared by {@link streamSse} and the store's stop notice.
 *
 * @example
 * ```ts
 * const response = await sendRequest(fetch, { url: '/api/agent', body: { runId: 'r1', stop: true } })
 * ```
 */
export function sendRequest(
  fetchImpl: typeof fetch,
  request: StreamRequest,
  signal?: AbortSignal,
): Promise<Response> {
  let { body, headers = {} } = request
  if (body !== undefined) {
    if (typeof body !== 'string') body = JSON.stringify(body)
    if (!new Headers(headers).has('content-type'))
      headers = { ...headers, 'content-type': 'application/json' }
  }
  return fetchImpl(request.url, {
    method: request.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body: body as string | undefined,
    credentials: request.credentials,
    signal,
  })
}

// An HTTP error keeps this much of the response body.
const bodyLimit = 4096

function httpError(response: Response, text: string, answer: string): StreamOutcome {
  const snippet = text.trim().slice(0, 200)
  return {
    type: 'error',
    error: {
      kind: 'http',
      status: response.status,
      message: `The server answered ${answer}${snippet ? `: ${snippet}` : '.'}`,
      body: text.slice(0, bodyLimit),
    },
  }
}

/**
 * Reads an SSE response over `fetch`: GET or POST with a JSON body, framed by `eventsource-parser`,
 * with `AbortSignal`, an optional idle timeout, and reconnection with `Last-Event-ID` and backoff
 * (honouring `retry:`) when the server sent ids and the connection dropped early. Messages a
 * reconnection replays (ids already seen, up to the first new one) are not delivered twice. Never
 * throws: the outcome says how it ended.
 *
 * @example
 * ```ts
 * const controller = new AbortController()
 * const outcome = await streamSse({
 *   request: { url: 'http://127.0.0.1:3000/api/agent', method: 'POST', body: { input: 'Hi' } },
 *   signal: controller.signal,
 *   onMessage: (message) => console.log(message.data),
 * })
 * ```
 */
export async function streamSse(options: StreamSseOptions): Promise<StreamOutcome> {
  const { request, signal, idleTimeout } = options
  const fetchImpl = options.fetch ?? globalThis.fetch
  const {
    maxAttempts = 3,
    initialDelay = 500,
    maxDelay = 10_000,
  } = options.reconnect === false ? { maxAttempts: 0 } : { ...options.reconnect }
  const seenIds = new Set<string>()
  const aborted: StreamOutcome = { type: 'aborted' }
  let lastEventId = options.lastEventId
  let serverRetry: number | undefined
  let attempt = 0

  for (;;) {
    if (signal.aborted) return aborted
    const connection = new AbortController()
    const abortConnection = () => connection.abort()
    signal.addEventListener('abort', abortConnection)
    let idleTimer: ReturnType<typeof setTimeout> | undefined
    // Every byte restarts the idle timer.
    const touch = () => {
      clearTimeout(idleTimer)
      if (idleTimeout) idleTimer = setTimeout(abortConnection, idleTimeout)
    }
    let lost: AgentStreamError | undefined
    /** Records why the connection failed: the idle timeout (the only abort besides the caller's) or the network. */
    const fail = (networkMessage: string) => {
      lost = connection.signal.aborted
        ? { kind: 'timeout', message: `Nothing arrived for ${idleTimeout} ms.` }
        : { kind: 'network', message: networkMessage }
    }
    let cutInsideFrame = false
    let response: Response | undefined
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream', ...request.headers }
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId
      touch()
      const opened = await sendRequest(fetchImpl, { ...request, headers }, connection.signal)
      response = opened
      if (!opened.ok)
        return httpError(
          opened,
          await opened.text().catch(() => ''),
          `${opened.status} ${opened.statusText}`.trim(),
        )
      options.onOpen?.(opened, attempt)
      const type = opened.headers.get('content-type')
      // A login page, a JSON error or an empty 200 is not a stream: if no message comes of it, it
      // is an HTTP error (with what the server said), not a silent success.
      const notStream = !type?.includes('event-stream')
      const notAStream = (text: string) =>
        httpError(opened, text, `${opened.status} with ${type ?? 'no content type'}, not an event stream`)
      if (!opened.body) return notStream ? notAStream('') : { type: 'end' }
      let head = ''
      let delivered = false
      const textDecoder = new TextDecoder()
      // A server may replay from the start after a reconnection: what was delivered is skipped up to
      // the first new id. Ids may repeat otherwise (some servers send one id per response).
      let replaying = seenIds.size > 0
      const framer = createSseFramer({
        onMessage: (message) => {
          if (message.id !== undefined) {
            lastEventId = message.id
            if (replaying && seenIds.has(message.id)) return
            replaying = false
            seenIds.add(message.id)
          }
          delivered = true
          // New messages after a reconnect: the server is making progress, the attempts start over.
          attempt = 0
          options.onMessage(message)
        },
        onRetry: (milliseconds) => {
          serverRetry = milliseconds
        },
        onComment: options.onComment,
      })
      reader = opened.body.getReader()
      let sliceStart = Date.now()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        touch()
        if (notStream && !delivered && head.length < bodyLimit)
          head += textDecoder.decode(value.subarray(0, bodyLimit), { stream: true })
        // A burst that is already buffered arrives as one read of megabytes, or as reads that all
        // resolve at once: fed in slices, with the page given a turn (rendering, input) after every
        // few milliseconds of work, it never becomes one long task.
        for (let offset = 0; offset < value.length && !connection.signal.aborted; offset += sliceBytes) {
          framer.feed(value.subarray(offset, offset + sliceBytes))
          options.onChunk?.()
          if (Date.now() - sliceStart > yieldAfterMs) {
            await sleep(0, connection.signal)
            sliceStart = Date.now()
          }
        }
      }
      cutInsideFrame = framer.end()
      if (notStream && !delivered) return notAStream(head)
    } catch (error) {
      fail(
        response
          ? `The connection was lost (${errorMessage(error)}).`
          : `Could not reach ${request.url} (${errorMessage(error)}): the server may be down, or not allow this page (CORS).`,
      )
      // Only a reconnection tries again when the server cannot be reached.
      if (!response && attempt === 0 && !signal.aborted) return { type: 'error', error: lost! }
    } finally {
      reader?.releaseLock?.()
      clearTimeout(idleTimer)
      signal.removeEventListener('abort', abortConnection)
    }

    if (signal.aborted) return aborted
    if (options.isFinished?.(!lost && !cutInsideFrame)) return { type: 'end' }
    if (lastEventId === undefined || attempt >= maxAttempts)
      return lost ? { type: 'error', error: lost } : { type: 'end', cutInsideFrame }
    const delay = serverRetry ?? Math.min(initialDelay * 2 ** attempt++, maxDelay)
    options.onReconnect?.(attempt, delay)
    await sleep(delay, signal)
  }
}
