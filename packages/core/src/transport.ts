import type { AgentStreamError } from './events'
import type { SseMessage } from './protocols/types'
import { createSseFramer } from './sse'

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
export interface StreamSseOptions {
  request: StreamRequest
  signal: AbortSignal
  fetch?: typeof fetch
  /** Resume from this event id (sent as `Last-Event-ID`). */
  lastEventId?: string
  /** Milliseconds without a byte before the connection counts as lost. Off by default. */
  idleTimeout?: number
  reconnect?: ReconnectOptions | false
  /** Each successful response, before its first message. */
  onOpen?: (response: Response, attempt: number) => void
  onMessage: (message: SseMessage) => void
  onComment?: (comment: string) => void
  /** The connection dropped; attempt `attempt` starts after `delay` ms. */
  onReconnect?: (attempt: number, delay: number) => void
  /** True once the protocol's own end (or an error frame) arrived: nothing to resume. */
  isFinished?: () => boolean
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

const bodyLimit = 4096

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, milliseconds)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

function describeFetchFailure(error: unknown, url: string): string {
  const reason = error instanceof Error ? error.message : String(error)
  return `Could not reach ${url} (${reason}). The server may be down, or the browser blocked the request (CORS).`
}

/**
 * Reads an SSE response over `fetch`: GET or POST with a JSON body, framed by `eventsource-parser`,
 * with `AbortSignal`, an optional idle timeout, and reconnection with `Last-Event-ID` and backoff
 * (honouring `retry:`) when the server sent ids and the connection dropped early. Messages already
 * seen (by id) are not delivered twice. Never throws: the outcome says how it ended.
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
  const fetchImpl = options.fetch ?? globalThis.fetch
  const policy = options.reconnect === false ? { maxAttempts: 0 } : (options.reconnect ?? {})
  const maxAttempts = policy.maxAttempts ?? 3
  const initialDelay = policy.initialDelay ?? 500
  const maxDelay = policy.maxDelay ?? 10_000
  const { request, signal } = options
  const seenIds = new Set<string>()
  let lastEventId = options.lastEventId
  let serverRetry: number | undefined
  let attempt = 0

  for (;;) {
    if (signal.aborted) return { type: 'aborted' }
    const connection = new AbortController()
    const abortConnection = () => connection.abort()
    signal.addEventListener('abort', abortConnection, { once: true })
    let idleTimer: ReturnType<typeof setTimeout> | undefined
    let timedOut = false
    const touch = () => {
      if (!options.idleTimeout) return
      clearTimeout(idleTimer)
      idleTimer = setTimeout(() => {
        timedOut = true
        connection.abort()
      }, options.idleTimeout)
    }
    const cleanup = () => {
      clearTimeout(idleTimer)
      signal.removeEventListener('abort', abortConnection)
    }

    let lost: AgentStreamError | undefined
    let cutInsideFrame = false
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream', ...request.headers }
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId
      let body: string | undefined
      if (request.body !== undefined) {
        body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body)
        if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type'))
          headers['content-type'] = 'application/json'
      }
      touch()
      let response: Response
      try {
        response = await fetchImpl(request.url, {
          method: request.method ?? (body === undefined ? 'GET' : 'POST'),
          headers,
          ...(body !== undefined ? { body } : {}),
          ...(request.credentials ? { credentials: request.credentials } : {}),
          signal: connection.signal,
        })
      } catch (error) {
        if (signal.aborted) return { type: 'aborted' }
        throw timedOut
          ? { kind: 'timeout', message: `No response within ${options.idleTimeout} ms.` }
          : { kind: 'network', message: describeFetchFailure(error, request.url) }
      }
      if (!response.ok) {
        const text = await response.text().catch(() => '')
        const statusText = response.statusText ? ` ${response.statusText}` : ''
        const snippet = text.trim().slice(0, 200)
        return {
          type: 'error',
          error: {
            kind: 'http',
            status: response.status,
            message: `The server answered ${response.status}${statusText}${snippet ? `: ${snippet}` : '.'}`,
            body: text.slice(0, bodyLimit),
          },
        }
      }
      options.onOpen?.(response, attempt)
      if (!response.body) return { type: 'end' }
      const framer = createSseFramer({
        onMessage: (message) => {
          if (message.id !== undefined) {
            lastEventId = message.id
            if (seenIds.has(message.id)) return
            seenIds.add(message.id)
          }
          // New messages after a reconnect: the server is making progress, the attempts start over.
          attempt = 0
          options.onMessage(message)
        },
        onRetry: (milliseconds) => {
          serverRetry = milliseconds
        },
        ...(options.onComment ? { onComment: options.onComment } : {}),
      })
      const reader = response.body.getReader()
      try {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          touch()
          framer.feed(value)
        }
        cutInsideFrame = framer.end()
      } catch (error) {
        if (signal.aborted) return { type: 'aborted' }
        lost = timedOut
          ? { kind: 'timeout', message: `Nothing arrived for ${options.idleTimeout} ms.` }
          : {
              kind: 'network',
              message: `The connection was lost (${error instanceof Error ? error.message : String(error)}).`,
            }
      } finally {
        reader.releaseLock?.()
      }
    } catch (thrown) {
      if (signal.aborted) return { type: 'aborted' }
      const error = thrown as AgentStreamError
      if (attempt === 0 || lastEventId === undefined) return { type: 'error', error }
      lost = error
    } finally {
      cleanup()
    }

    if (signal.aborted) return { type: 'aborted' }
    if (options.isFinished?.()) return { type: 'end' }
    if (lastEventId === undefined || attempt >= maxAttempts)
      return lost ? { type: 'error', error: lost } : { type: 'end', cutInsideFrame }
    attempt++
    const delay = serverRetry ?? Math.min(initialDelay * 2 ** (attempt - 1), maxDelay)
    options.onReconnect?.(attempt, delay)
    await sleep(delay, signal)
  }
}
