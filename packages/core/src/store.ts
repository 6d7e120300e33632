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
import { streamSse } from './transport'
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
  /** Aborts the request: status `stopped`, what arrived stays. */
  stop(): void
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
function scheduler(mode: BatchMode): (callback: () => void) => (() => void) | undefined {
  if (mode === 'sync') {
    return (callback) => {
      callback()
      return undefined
    }
  }
  if (mode === 'microtask') {
    return (callback) => {
      let cancelled = false
      queueMicrotask(() => {
        if (!cancelled) callback()
      })
      return () => {
        cancelled = true
      }
    }
  }
  if (mode === 'frame' && typeof requestAnimationFrame === 'function') {
    return (callback) => {
      const handle = requestAnimationFrame(callback)
      return () => cancelAnimationFrame(handle)
    }
  }
  return (callback) => {
    const handle = setTimeout(callback, typeof mode === 'number' ? mode : 16)
    return () => clearTimeout(handle)
  }
}

/** Rethrows outside the stream: a listener's or a callback's bug must not stop the stream. */
function reportLater(error: unknown): void {
  queueMicrotask(() => {
    throw error
  })
}

// Tool call milestones carry a time (stamped here when the decoder did not), for durations.
const timedEvents = new Set([
  'tool-call-start',
  'tool-call-end',
  'tool-call-result',
  'tool-call-error',
  'tool-call-denied',
])

/** Errors a resumed stream may get past: the connection, not the run, failed. */
const resumableErrors = new Set(['network', 'timeout', 'truncated'])

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
  let schedule = scheduler(options.batch ?? 'frame')
  let cancelScheduled: (() => void) | undefined
  let controller: AbortController | undefined
  let lastEventId: string | undefined
  let lastRequest: { request: StreamRequest; base: RunState } | undefined
  let decided: ApprovalDecision[] = []
  let destroyed = false

  const publish = () => {
    cancelScheduled = undefined
    if (published === live) return
    const previous = published
    published = live
    for (const listener of listeners) {
      try {
        listener(published, previous)
      } catch (error) {
        reportLater(error)
      }
    }
  }

  const flush = () => {
    cancelScheduled?.()
    publish()
  }

  const callUser = <A extends unknown[]>(callback: ((...args: A) => unknown) | undefined, ...args: A) => {
    try {
      const result = callback?.(...args)
      if (result instanceof Promise) result.catch(reportLater)
    } catch (error) {
      reportLater(error)
    }
  }

  const dispatch = (event: RunEvent) => {
    if (destroyed) return
    const before = live
    if (timedEvents.has(event.type) && (event as { at?: number }).at === undefined)
      (event as { at?: number }).at = Date.now()
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
    cancelScheduled ??= schedule(publish)
  }

  const failRequest = (kind: AgentStreamError['kind'], message: string) =>
    dispatch({ type: 'run-error', error: { kind, message } })

  /** Aborts the request in flight, if any, and says whether there was one. */
  const abortRequest = () => {
    const aborted = controller
    aborted?.abort()
    controller = undefined
    return aborted !== undefined
  }

  const stop = () => {
    if (!abortRequest()) return
    dispatch({ type: 'request-stop' })
    // A closed connection looks like a network drop to a resumable server: tell it the user stopped.
    if (live.protocol === 'openai-agents' && live.runId && options.url) {
      const fetchImpl = options.fetch ?? fetch
      fetchImpl(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...resolveHeaders() },
        body: JSON.stringify({ runId: live.runId, stop: true }),
        credentials: options.credentials,
      }).catch(() => {})
    }
  }

  const resolveHeaders = () =>
    typeof options.headers === 'function' ? options.headers() : (options.headers ?? {})

  const run = async (
    request: StreamRequest,
    resumeFrom?: string,
    fetchOverride?: typeof fetch,
  ): Promise<void> => {
    abortRequest()
    const own = new AbortController()
    controller = own
    let decoder: StreamDecoder | undefined
    const coalescer = createDeltaCoalescer(dispatch)
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
    const onTransportMessage = (message: SseMessage) => {
      onMessage(message)
      coalescer.flush()
    }
    let outcome: StreamOutcome
    try {
      outcome =
        options.transport && !fetchOverride
          ? await options.transport({ request, signal: own.signal, onMessage: onTransportMessage })
          : await streamSse({
              request,
              signal: own.signal,
              fetch: fetchOverride ?? options.fetch,
              lastEventId: resumeFrom,
              idleTimeout: options.idleTimeout,
              reconnect: options.reconnect,
              // Headers can settle the protocol before the first frame (the AI SDK's header).
              onOpen: (response) => openDecoder(response.headers),
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

  const buildRequest = async (
    input: string | undefined,
    approvals: ApprovalDecision[] | undefined,
    extra?: SendOptions,
  ) => {
    const context: RequestContext = {
      state: live,
      input,
      protocol:
        options.protocol && options.protocol !== 'auto' ? options.protocol : (live.protocol ?? 'auto'),
      threadId,
      model: options.model,
      approvals,
    }
    const defaultBody = buildRequestBody(context)
    const body =
      defaultBody && typeof defaultBody === 'object' && !Array.isArray(defaultBody)
        ? { ...defaultBody, ...options.body, ...extra?.body }
        : defaultBody
    const request: StreamRequest = {
      url: options.url ?? '',
      method: options.method ?? 'POST',
      headers: { ...resolveHeaders(), ...extra?.headers },
      body,
      credentials: options.credentials,
    }
    return options.prepareRequest ? await options.prepareRequest({ ...context, body, request }) : request
  }

  const start = async (make: () => Promise<StreamRequest>, base: RunState) => {
    dispatch({ type: 'request-start' })
    let request: StreamRequest
    try {
      request = await make()
    } catch (error) {
      return failRequest('client', `Building the request failed: ${errorMessage(error)}`)
    }
    if (!request.url) return failRequest('client', 'No URL to send the request to: pass `url`.')
    lastRequest = { request, base }
    lastEventId = undefined
    await run(request)
  }

  const decide = async (callId: string, approved: boolean, reason: string | undefined) => {
    const approval = live.approvals.find((candidate) => candidate.callId === callId)
    if (!approval) return
    decided.push({ callId, approved, reason, approvalId: approval.approvalId })
    dispatch({ type: 'approval-response', callId, approved, reason })
    // Like the AI SDK, continue once every pending approval has an answer.
    if (live.approvals.length > 0) return
    const decisions = decided
    decided = []
    if (options.onApprovalResponse || !protocolResumesApprovals(live.protocol)) {
      for (const decision of decisions) callUser(options.onApprovalResponse, decision, live)
      return
    }
    await start(() => buildRequest(undefined, decisions), live)
  }

  return {
    getState: () => published,
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    async send(input, extra) {
      if (destroyed) return
      stop()
      dispatch({ type: 'user-message', id: randomId(), text: input })
      await start(() => buildRequest(input, undefined, extra), live)
    },
    stop,
    async retry() {
      if (!lastRequest || destroyed) return
      abortRequest()
      if (
        lastEventId !== undefined &&
        live.status === 'error' &&
        resumableErrors.has(live.error?.kind ?? '')
      ) {
        dispatch({ type: 'request-start' })
        return run(lastRequest.request, lastEventId)
      }
      // Start over from the conversation as it was before the failed run.
      const { request, base } = lastRequest
      live = base
      await start(async () => request, base)
    },
    reset() {
      abortRequest()
      lastRequest = undefined
      lastEventId = undefined
      decided = []
      live = options.initialState ?? initialRunState
      flush()
    },
    approve: (callId, extra) => decide(callId, true, extra?.reason),
    reject: (callId, reason) => decide(callId, false, reason),
    async resume({ lastEventId: from, url }) {
      const request: StreamRequest = {
        url: url ?? options.url ?? '',
        method: 'GET',
        headers: resolveHeaders(),
        credentials: options.credentials,
      }
      dispatch({ type: 'request-start' })
      // `@agentstream/server` ids are `<runId>:<seq>`: the run is known before its first frame.
      const separator = from.lastIndexOf(':')
      if (separator > 0) dispatch({ type: 'run-start', runId: from.slice(0, separator) })
      lastRequest = { request, base: live }
      lastEventId = from
      await run(request, from)
    },
    async consume(body, extra) {
      const response =
        body instanceof Response
          ? body
          : new Response(body as BodyInit, {
              headers: extra?.headers ?? { 'content-type': 'text/event-stream' },
            })
      dispatch({ type: 'request-start' })
      await run({ url: 'agentstream:consume' }, undefined, async () => response)
    },
    dispatch,
    getLastEventId: () => lastEventId,
    setOptions(next) {
      if (next.batch !== undefined && next.batch !== options.batch) schedule = scheduler(next.batch)
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
