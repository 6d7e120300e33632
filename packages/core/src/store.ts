import { createDeltaCoalescer } from './coalesce'
import { createStreamDecoder, type StreamDecoder } from './decode'
import type { AgentEvent, AgentStreamError, ProtocolName } from './events'
import type { SseMessage } from './protocols/types'
import type { RunEvent } from './reduce'
import { reduce } from './reduce'
import { truncatedError } from './replay'
import type { ApprovalDecision, RequestContext } from './requests'
import { buildRequestBody, protocolResumesApprovals, randomId } from './requests'
import type { Handoff, RunState, ToolCall } from './state'
import { initialRunState, isSettled } from './state'
import type { ReconnectOptions, StreamOutcome, StreamRequest, StreamTransport } from './transport'
import { sendRequest, streamSse } from './transport'
import { errorMessage } from './utils/safe-json'

/**
 * When subscribers hear about changes: at most once per animation frame (`'frame'`, the default in
 * browsers; a 16 ms timer elsewhere), once per microtask, on every event (`'sync'`), or every N ms.
 *
 * @example
 * ```ts
 * const store = createAgentStream({ url: '/api/agent', batch: 'microtask' })
 * ```
 */
export type BatchMode = 'frame' | 'microtask' | 'sync' | number

/**
 * Listener of {@link AgentStream.subscribe}.
 *
 * @example
 * ```ts
 * const listener: StateListener = (state, previous) => {
 *   if (state.status !== previous.status) console.log(state.status)
 * }
 * ```
 */
export type StateListener = (state: RunState, previous: RunState) => void

/**
 * Options of {@link createAgentStream}.
 *
 * @example
 * ```ts
 * const options: AgentStreamOptions = { url: '/api/agent', protocol: 'auto', onFinish: (state) => console.log(state.status) }
 * ```
 */
export interface AgentStreamOptions {
  /** The endpoint (`ws://` / `wss://` with the WebSocket transport). */
  url?: string
  method?: string
  headers?: Record<string, string> | (() => Record<string, string>)
  /** Extra fields merged into every default request body. */
  body?: Record<string, unknown>
  credentials?: RequestCredentials
  /** `'auto'` (default) detects the protocol from the response; a name forces it. */
  protocol?: ProtocolName | 'auto' | (string & {})
  /** Model name for protocols whose requests name one (Chat Completions, Responses). */
  model?: string
  /** Conversation id; a random one by default. */
  threadId?: string
  fetch?: typeof fetch
  /**
   * How requests travel: SSE over fetch by default, or a {@link StreamTransport} such as
   * `streamWebSocket` from `@agentstream/core/websocket` (one JSON event per message).
   */
  transport?: StreamTransport
  /** Builds the request yourself; gets the default body to start from. */
  prepareRequest?: (
    context: RequestContext & { body: unknown; request: StreamRequest },
  ) => StreamRequest | Promise<StreamRequest>
  batch?: BatchMode
  idleTimeout?: number
  reconnect?: ReconnectOptions | false
  /** Start from this state (for example a saved conversation). */
  initialState?: RunState
  /**
   * Every decoded event, as it arrives. `state` is the state as last applied: consecutive deltas of
   * one block are applied together at the end of their network chunk, so a delta may not be in it yet.
   */
  onEvent?: (event: AgentEvent, state: RunState) => void
  /** The run ended well: `done`, `interrupted` or `incomplete`. */
  onFinish?: (state: RunState) => void
  onError?: (error: AgentStreamError, state: RunState) => void
  /** A tool call's arguments are complete. */
  onToolCall?: (call: ToolCall, state: RunState) => void
  onHandoff?: (handoff: Handoff, state: RunState) => void
  /**
   * Where the protocol defines no resume request (Chat Completions, Responses, text, custom), or
   * when given, approve / reject call this instead of sending a request.
   */
  onApprovalResponse?: (decision: ApprovalDecision, state: RunState) => void | Promise<void>
}

/**
 * Options of {@link AgentStream.send}.
 *
 * @example
 * ```ts
 * await store.send('Hi', { body: { temperature: 0 } })
 * ```
 */
export interface SendOptions {
  /** Extra body fields for this request only. */
  body?: Record<string, unknown>
  headers?: Record<string, string>
}

/**
 * A store for one conversation with one endpoint. Framework-free; the React package adapts it.
 *
 * @example
 * ```ts
 * const store = createAgentStream({ url: '/api/agent' })
 * const unsubscribe = store.subscribe((state) => render(state))
 * await store.send('Find me a flight to Oslo')
 * ```
 */
export interface AgentStream {
  /** The state as last published to subscribers. */
  getState(): RunState
  subscribe(listener: StateListener): () => void
  /** Adds the user's message and streams the answer. Resolves when the run ends; never rejects. */
  send(input: string, options?: SendOptions): Promise<void>
  /** Aborts the request: status `stopped`, what arrived stays; a kit server is told to stop the run. */
  stop(): void
  /**
   * Aborts the request without telling the server, as when a component goes away: a resumable
   * server keeps the run, and `resume()` from `getLastEventId()` re-joins it. Status `stopped`.
   */
  disconnect(): void
  /** Resumes a dropped stream where it can (`Last-Event-ID`), otherwise repeats the last request. */
  retry(): Promise<void>
  /** Aborts and forgets the conversation. */
  reset(): void
  approve(callId: string, options?: { reason?: string }): Promise<void>
  reject(callId: string, reason?: string): Promise<void>
  /** Re-joins a run after a page load, from the last event id a previous page saw. */
  resume(options: { lastEventId: string; url?: string }): Promise<void>
  /** Reads a recorded body (or a live `Response`) into the store, as if the server had sent it. */
  consume(
    body: string | Uint8Array | ReadableStream<Uint8Array> | Response,
    options?: { headers?: HeadersInit },
  ): Promise<void>
  /** Applies an event directly (custom transports, tests). */
  dispatch(event: RunEvent): void
  /** The last SSE `id:` seen, for reconnecting from another page. */
  getLastEventId(): string | undefined
  /** Replaces callbacks and request options (the React adapter keeps them fresh with this). */
  setOptions(options: Partial<AgentStreamOptions>): void
  /** Publishes pending changes to subscribers now. */
  flush(): void
  /** Aborts and drops every listener and timer. */
  destroy(): void
}

/** Runs `callback` later and returns how to cancel it; `'sync'` runs it now and has nothing to cancel. */
function schedule(mode: BatchMode, callback: () => void): (() => void) | undefined {
  if (mode === 'sync') return void callback()
  if (mode === 'microtask') {
    let cancelled = false
    queueMicrotask(() => cancelled || callback())
    return () => {
      cancelled = true
    }
  }
  if (mode === 'frame' && typeof requestAnimationFrame === 'function') {
    const handle = requestAnimationFrame(callback)
    return () => cancelAnimationFrame(handle)
  }
  const handle = setTimeout(callback, typeof mode === 'number' ? mode : 16)
  return () => clearTimeout(handle)
}

/** Rethrows outside the stream: a listener's or a callback's bug must not stop the stream. */
function reportLater(error: unknown): void {
  queueMicrotask(() => {
    throw error
  })
}

/** Calls a listener or a user's callback; what it throws or rejects with is reported, not thrown. */
function callUser<A extends unknown[]>(callback: ((...args: A) => unknown) | undefined, ...args: A): void {
  try {
    const result = callback?.(...args)
    if (result instanceof Promise) result.catch(reportLater)
  } catch (error) {
    reportLater(error)
  }
}

/** Tool call milestones (not argument deltas) carry a time, stamped here when the decoder did not. */
const isTimed = (type: string) => type.startsWith('tool-call-') && type !== 'tool-call-args-delta'

/** Errors a resumed stream may get past: the connection, not the run, failed. */
const resumableErrors = new Set<string | undefined>(['network', 'timeout', 'truncated'])

/**
 * Creates a store: `{ getState, subscribe, send, stop, retry, reset, approve, reject }` and more.
 * State changes only through {@link reduce}; subscribers are notified in batches ({@link BatchMode})
 * with `(state, previousState)`. Nothing throws out of it: every failure lands in `state.error`.
 *
 * @example
 * ```ts
 * const store = createAgentStream({ url: '/api/agent', protocol: 'auto' })
 * store.subscribe((state) => console.log(state.status, state.streamingMessage?.parts))
 * await store.send('What is the weather in Oslo?')
 * ```
 */
export function createAgentStream(initialOptions: AgentStreamOptions = {}): AgentStream {
  let options = { ...initialOptions }
  const threadId = options.threadId ?? randomId()
  let live: RunState = options.initialState ?? initialRunState
  let published = live
  const listeners = new Set<StateListener>()
  let cancelScheduled: (() => void) | undefined
  let controller: AbortController | undefined
  let lastEventId: string | undefined
  let lastRequest: { request: StreamRequest; base: RunState } | undefined
  const decided: ApprovalDecision[] = []
  let destroyed = false

  const publish = () => {
    cancelScheduled = undefined
    if (published === live) return
    const previous = published
    published = live
    for (const listener of listeners) callUser(listener, published, previous)
  }

  const flush = () => {
    cancelScheduled?.()
    publish()
  }

  const dispatch = (event: RunEvent) => {
    if (destroyed) return
    const before = live
    // A copy: the caller's event may be frozen or reused.
    if (isTimed(event.type) && (event as { at?: number }).at === undefined)
      event = { ...event, at: Date.now() } as RunEvent
    live = reduce(live, event)
    if (event.type === 'tool-call-end') {
      // Some protocols confirm a call twice (the model stream, then the run item): report it once.
      const call = live.toolCalls[event.callId]
      if (call && before.toolCalls[event.callId]?.status !== call.status)
        callUser(options.onToolCall, call, live)
    } else if (event.type === 'handoff') callUser(options.onHandoff, live.handoffs.at(-1)!, live)
    if (live === before) return
    if (live.status !== before.status && isSettled(live.status)) {
      // Ends are published at once, so `await send()` sees the final state.
      flush()
      if (live.status === 'error' && live.error) callUser(options.onError, live.error, live)
      else if (live.status !== 'stopped') callUser(options.onFinish, live)
      return
    }
    // The batch mode as set now: `setOptions` may change it.
    cancelScheduled ??= schedule(options.batch ?? 'frame', publish)
  }

  /** Aborts the request in flight, if any. */
  const abortRequest = () => {
    controller?.abort()
    controller = undefined
  }

  /** A request to the endpoint with the configured headers and credentials. */
  const endpointRequest = (
    method: string,
    body?: unknown,
    url = options.url,
    headers?: Record<string, string>,
  ): StreamRequest => ({
    url: url ?? '',
    method,
    headers: {
      ...(typeof options.headers === 'function' ? options.headers() : options.headers),
      ...headers,
    },
    body,
    credentials: options.credentials,
  })

  const stop = (tellServer = true) => {
    if (!controller) return
    abortRequest()
    dispatch({ type: 'request-stop' })
    // A closed connection looks like a network drop to a resumable server: tell it the user stopped.
    if (tellServer && live.protocol === 'openai-agents' && live.runId && options.url)
      sendRequest(options.fetch ?? fetch, endpointRequest('POST', { runId: live.runId, stop: true })).catch(
        () => {},
      )
  }

  /**
   * Every request goes through here: `make` builds it once the state says `connecting` (a failure is
   * a `client` error), `from` resumes after that event id, and a given `response` is read instead of
   * fetching (it is not remembered for `retry`).
   */
  const run = async (
    make: () => StreamRequest | Promise<StreamRequest>,
    from?: string,
    response?: Response,
  ): Promise<void> => {
    if (destroyed) return
    abortRequest()
    // The run is under way from here: `stop()` or `reset()` while the request is being built cancel it.
    const own = new AbortController()
    controller = own
    dispatch({ type: 'request-start', resume: from !== undefined })
    let request: StreamRequest
    try {
      request = await make()
      if (!request.url) throw new Error('no `url`')
    } catch (error) {
      if (controller !== own) return
      controller = undefined
      return dispatch({
        type: 'run-error',
        error: { kind: 'client', message: `Building the request failed: ${errorMessage(error)}` },
      })
    }
    if (controller !== own) return
    if (!response) {
      // A retry keeps the state from before the request it repeats.
      lastRequest = { request, base: request === lastRequest?.request ? lastRequest.base : live }
      lastEventId = from
    }
    let decoder: StreamDecoder | undefined
    // A `stop()` or `reset()` from `onEvent` drops what the coalescer still holds.
    const coalescer = createDeltaCoalescer((event) => {
      if (!own.signal.aborted) dispatch(event)
    })
    const openDecoder = (headers?: Headers) =>
      (decoder ??= createStreamDecoder({
        protocol: options.protocol ?? 'auto',
        headers,
        onEvent: (event) => {
          coalescer.push(event)
          callUser(options.onEvent, event, live)
        },
        onProtocol: (protocol) => dispatch({ type: 'request-open', protocol: protocol as ProtocolName }),
      }))
    const onMessage = (message: SseMessage) => {
      if (own.signal.aborted) return
      const current = openDecoder()
      // Frames flow again after a reconnect.
      if (live.status === 'reconnecting' && current.protocol)
        dispatch({ type: 'request-open', protocol: current.protocol as ProtocolName })
      current.push(message)
    }
    let outcome: StreamOutcome
    try {
      outcome =
        options.transport && !response
          ? await options.transport({
              request,
              signal: own.signal,
              lastEventId: from,
              idleTimeout: options.idleTimeout,
              // Each message of a transport is a network chunk of its own.
              onMessage: (message) => {
                onMessage(message)
                coalescer.flush()
              },
            })
          : await streamSse({
              // `fetch`, `idleTimeout` and `reconnect`.
              ...options,
              request,
              signal: own.signal,
              fetch: response ? async () => response : options.fetch,
              lastEventId: from,
              // Headers can settle the protocol before the first frame (the AI SDK's header).
              onOpen: (opened) => openDecoder(opened.headers),
              onMessage: (message) => {
                if (message.id !== undefined) lastEventId = message.id
                onMessage(message)
              },
              onChunk: coalescer.flush,
              onReconnect: (attempt) => dispatch({ type: 'request-reconnect', attempt }),
              isFinished: (cleanEnd) => (decoder?.finished || (cleanEnd && decoder?.endsAtEof)) ?? false,
            })
    } catch (error) {
      outcome = { type: 'error', error: { kind: 'network', message: errorMessage(error) } }
    }
    coalescer.flush()
    if (controller !== own) return
    controller = undefined
    if (outcome.type === 'aborted') return
    if (outcome.type === 'error') return dispatch({ type: 'run-error', error: outcome.error })
    const finalDecoder = openDecoder()
    if (outcome.cutInsideFrame && !finalDecoder.finished) dispatch(truncatedError)
    finalDecoder.end()
    coalescer.flush()
    dispatch({ type: 'request-end' })
  }

  const buildRequest = (
    input: string | undefined,
    approvals: ApprovalDecision[] | undefined,
    extra?: SendOptions,
  ) => {
    const context: RequestContext = {
      state: live,
      input,
      protocol: (options.protocol !== 'auto' && options.protocol) || live.protocol || 'auto',
      threadId,
      model: options.model,
      approvals,
    }
    // Every protocol's default body is an object.
    const body = { ...(buildRequestBody(context) as object), ...options.body, ...extra?.body }
    const request = endpointRequest(options.method ?? 'POST', body, undefined, extra?.headers)
    return options.prepareRequest?.({ ...context, body, request }) ?? request
  }

  const decide = async (callId: string, approved: boolean, reason: string | undefined) => {
    const approval = live.approvals.find((candidate) => candidate.callId === callId)
    if (!approval) return
    const decision = { callId, approved, reason, approvalId: approval.approvalId }
    decided.push(decision)
    dispatch({ type: 'approval-response', ...decision })
    // Like the AI SDK, continue once every pending approval has an answer.
    if (live.approvals.length > 0) return
    const decisions = decided.splice(0)
    if (options.onApprovalResponse || !protocolResumesApprovals(live.protocol)) {
      for (const each of decisions) callUser(options.onApprovalResponse, each, live)
      return
    }
    await run(() => buildRequest(undefined, decisions))
  }

  return {
    getState: () => published,
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    send(input, extra) {
      stop()
      dispatch({ type: 'user-message', id: randomId(), text: input })
      return run(() => buildRequest(input, undefined, extra))
    },
    stop: () => stop(),
    disconnect: () => stop(false),
    async retry() {
      if (!lastRequest) return
      const { request, base } = lastRequest
      // Only the connection failed: resume after the last event. Otherwise start over from the
      // conversation as it was before the failed run.
      const from = live.status === 'error' && resumableErrors.has(live.error?.kind) ? lastEventId : undefined
      if (from === undefined) live = base
      await run(() => request, from)
    },
    reset() {
      abortRequest()
      lastRequest = undefined
      lastEventId = undefined
      decided.length = 0
      live = options.initialState ?? initialRunState
      flush()
    },
    approve: (callId, extra) => decide(callId, true, extra?.reason),
    reject: (callId, reason) => decide(callId, false, reason),
    resume: ({ lastEventId: from, url }) =>
      run(() => {
        // `@agentstream/server` ids are `<runId>:<seq>`: the run is known before its first frame.
        const separator = from.lastIndexOf(':')
        if (separator > 0) dispatch({ type: 'run-start', runId: from.slice(0, separator) })
        return endpointRequest('GET', undefined, url)
      }, from),
    consume: (body, extra) =>
      run(
        () => ({ url: 'agentstream:consume' }),
        undefined,
        body instanceof Response
          ? body
          : new Response(body as BodyInit, {
              headers: extra?.headers ?? { 'content-type': 'text/event-stream' },
            }),
      ),
    dispatch,
    getLastEventId: () => lastEventId,
    setOptions(next) {
      options = { ...options, ...next }
    },
    flush,
    destroy() {
      abortRequest()
      destroyed = true
      cancelScheduled?.()
      cancelScheduled = undefined
      listeners.clear()
    },
  }
}
