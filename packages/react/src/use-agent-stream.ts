import type {
  AgentStream,
  AgentStreamError,
  AgentStreamOptions,
  Handoff,
  Message,
  PendingApproval,
  RunState,
  RunStatus,
  SendOptions,
} from '@agentstream/core'
import { createAgentStream, isRunning, selectMessages } from '@agentstream/core'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useContextStore } from './context'
import { selectToolCalls } from './selectors'
import type { ToolDefinitions, TypedToolCall } from './tools'
import { useStoreSelector } from './use-agent-selector'

/**
 * Options of {@link useAgentStream}: the core's `AgentStreamOptions` (endpoint, protocol, headers,
 * batching, callbacks…) plus what only a component needs. Callbacks always see the latest props.
 *
 * @example
 * ```ts
 * const options: UseAgentStreamOptions = {
 *   url: '/api/agent',
 *   protocol: 'auto',
 *   onFinish: (state) => console.log('done', state.status),
 *   resume: { lastEventId: sessionStorage.getItem('last-event-id') },
 * }
 * ```
 */
export interface UseAgentStreamOptions extends AgentStreamOptions {
  /**
   * Re-join a run in progress on mount (after a page load) with `store.resume(...)`, once, instead
   * of starting over. Nothing happens while `lastEventId` is `null` / `undefined`.
   */
  resume?: { lastEventId: string | null | undefined; url?: string }
  /** Auto-start: send this message once on mount (StrictMode-safe: one request). */
  initialInput?: string
}

/**
 * What {@link useAgentStream} returns: the run state (re-rendered once per published batch), the
 * store and its actions (stable across renders).
 *
 * @example
 * ```tsx
 * const chat: UseAgentStreamResult = useAgentStream({ url: '/api/agent' })
 * ```
 */
export interface UseAgentStreamResult<Tools extends ToolDefinitions = ToolDefinitions> {
  /** The store behind the hook: hand it to {@link AgentStreamProvider} or the fine-grained hooks. */
  store: AgentStream
  /** The whole published state. */
  state: RunState
  /** All messages, settled and streaming, in order. */
  messages: readonly Message[]
  status: RunStatus
  /** True while a request is in flight (`connecting`, `streaming`, `reconnecting`). */
  isRunning: boolean
  error: AgentStreamError | null
  /** The agent speaking now. */
  agent: string | null
  /** Tool calls in order of first appearance, typed by name with `Tools`. */
  toolCalls: readonly TypedToolCall<Tools>[]
  handoffs: readonly Handoff[]
  /** Tool calls waiting for {@link UseAgentStreamResult.approve} / {@link UseAgentStreamResult.reject}. */
  approvals: readonly PendingApproval[]
  /** The last SSE `id:` seen (as of this render): save it to `resume` after a reload. */
  lastEventId: string | undefined
  /** Adds the user's message and streams the answer. Resolves when the run ends; never rejects. */
  send(input: string, options?: SendOptions): Promise<void>
  /** Aborts the request: status `stopped`, what arrived stays. */
  stop(): void
  /** Resumes a dropped stream where it can, otherwise repeats the last request. */
  retry(): Promise<void>
  /** Aborts and forgets the conversation. */
  reset(): void
  /** Approves a pending tool call; the protocol's resume request goes out once every approval is answered. */
  approve(callId: string, options?: { reason?: string }): Promise<void>
  reject(callId: string, reason?: string): Promise<void>
  /** Re-joins a run from a saved last event id. */
  resume(options: { lastEventId: string; url?: string }): Promise<void>
}

/**
 * Whether a value is an {@link AgentStream} (rather than options).
 *
 * @example
 * ```ts
 * isAgentStream(createAgentStream()) // true
 * ```
 */
export function isAgentStream(value: unknown): value is AgentStream {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AgentStream).getState === 'function' &&
    typeof (value as AgentStream).subscribe === 'function' &&
    typeof (value as AgentStream).send === 'function'
  )
}

// useLayoutEffect warns during server rendering in React 18; nothing runs there anyway.
const useIsomorphicLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect

/**
 * The core's options out of the hook's. Keys given before and missing now are sent as `undefined`,
 * so that removing a prop (a callback, headers…) removes it from the store.
 */
function storeOptions(options: UseAgentStreamOptions, previous: Set<string>): Partial<AgentStreamOptions> {
  const { resume: _resume, initialInput: _initialInput, threadId: _threadId, ...rest } = options
  const next: Record<string, unknown> = {}
  for (const key of previous) if (!(key in rest)) next[key] = undefined
  previous.clear()
  for (const key of Object.keys(rest)) previous.add(key)
  return Object.assign(next, rest)
}

function createOwnedStore(options: UseAgentStreamOptions, initialState?: RunState): AgentStream {
  const { resume: _resume, initialInput: _initialInput, ...rest } = options
  return createAgentStream(initialState ? { ...rest, initialState } : rest)
}

const selectState = (state: RunState) => state

/**
 * The store half of {@link useAgentStream}, without subscribing the calling component to the state:
 * given options, creates a store once (surviving re-renders and StrictMode's double mount, with no
 * request until `send`, `resume` or `initialInput`), keeps its callbacks and request options on the
 * latest props, and aborts on unmount; given a store, adopts it; given nothing, adopts the
 * {@link AgentStreamProvider}'s. Use it at the top of a custom UI
 * that renders through the fine-grained hooks, so the top does not re-render on every batch.
 *
 * @example
 * ```tsx
 * function Chat() {
 *   const store = useAgentStreamStore({ url: '/api/agent' })
 *   return (
 *     <AgentStreamProvider store={store}>
 *       <MessageList />
 *       <Composer />
 *     </AgentStreamProvider>
 *   )
 * }
 * ```
 */
export function useAgentStreamStore(optionsOrStore?: UseAgentStreamOptions | AgentStream): AgentStream {
  const fromContext = useContextStore()
  if (optionsOrStore === undefined && !fromContext)
    throw new Error(
      'useAgentStream() without options needs an <AgentStreamProvider> above: pass options ({ url }) or a store.',
    )
  const adopted =
    optionsOrStore === undefined ? fromContext : isAgentStream(optionsOrStore) ? optionsOrStore : null
  const options = adopted ? null : (optionsOrStore as UseAgentStreamOptions)
  // An owned store belongs to one conversation: another `threadId` is another store, as with
  // `useChat`'s `id` (creating one starts nothing).
  const [owned, setOwned] = useState<{ store: AgentStream; threadId: string | undefined } | null>(() =>
    options ? { store: createOwnedStore(options), threadId: options.threadId } : null,
  )
  let store = adopted ?? owned?.store
  if (!store || (options && owned && owned.threadId !== options.threadId)) {
    // Options after a store on an earlier render, or a new thread: create one now.
    store = createOwnedStore(options ?? {})
    setOwned({ store, threadId: options?.threadId })
  }
  const ownsStore = adopted === null

  // Callbacks and request options follow the latest props (committed), never a stale closure.
  const latestOptions = useRef(options)
  const givenKeys = useRef<Set<string> | null>(null)
  useIsomorphicLayoutEffect(() => {
    latestOptions.current = options
    givenKeys.current ??= new Set()
    if (ownsStore && options) store.setOptions(storeOptions(options, givenKeys.current))
  })

  // Lifetime of an owned store: unmounting aborts at once; the store is destroyed (no listener or
  // timer left, later calls inert) a microtask later unless React mounts it again right away, as
  // StrictMode does (and <Activity> may, later: then a fresh store takes over the state).
  const lifetime = useRef<{ destroyed: AgentStream | null; pending: { cancelled: boolean } | null }>({
    destroyed: null,
    pending: null,
  })
  useEffect(() => {
    if (!ownsStore) return
    const life = lifetime.current
    if (life.pending) life.pending.cancelled = true
    life.pending = null
    if (life.destroyed === store) {
      setOwned({
        store: createOwnedStore(latestOptions.current ?? {}, store.getState()),
        threadId: latestOptions.current?.threadId,
      })
      return
    }
    return () => {
      // Going away is not the user's stop: a resumable server keeps the run for a later `resume`.
      store.disconnect()
      store.flush()
      const pending = { cancelled: false }
      life.pending = pending
      queueMicrotask(() => {
        if (pending.cancelled) return
        store.destroy()
        life.destroyed = store
      })
    }
  }, [store, ownsStore])

  // Resume or auto-start once per hook, deferred a microtask so that StrictMode's mount → unmount →
  // mount sends one request.
  const started = useRef(false)
  const resume = options?.resume
  const resumeId = resume?.lastEventId ?? undefined
  const resumeUrl = resume?.url
  const initialInput = options?.initialInput
  useEffect(() => {
    if (started.current || !ownsStore) return
    if (resumeId === undefined && initialInput === undefined) return
    let cancelled = false
    queueMicrotask(() => {
      if (cancelled || started.current) return
      started.current = true
      if (resumeId !== undefined)
        void store.resume({ lastEventId: resumeId, ...(resumeUrl !== undefined ? { url: resumeUrl } : {}) })
      else if (initialInput !== undefined) void store.send(initialInput)
    })
    return () => {
      cancelled = true
    }
  }, [store, ownsStore, resumeId, resumeUrl, initialInput])

  return store
}

/**
 * The conversation hook. Given options, it creates a store once (surviving re-renders and
 * StrictMode's double mount, with no request until `send`, `resume` or `initialInput`), keeps its
 * callbacks and request options fresh, and aborts on unmount. Given a store, or nothing inside an
 * {@link AgentStreamProvider}, it adopts that store and leaves its lifetime to its owner. The component re-renders once per published batch (one animation frame by
 * default), never once per token; use the fine-grained hooks ({@link useMessage},
 * {@link useToolCalls}, …) for parts of the UI that must not re-render while text streams.
 *
 * `Tools` types `chat.toolCalls` by tool name (see {@link ToolDefinitions}, {@link ToolsFromSchemas}).
 *
 * @example
 * ```tsx
 * function Chat() {
 *   const chat = useAgentStream({ url: '/api/agent', protocol: 'auto' })
 *   return (
 *     <>
 *       {chat.messages.map((message) => <p key={message.id}>{messageText(message)}</p>)}
 *       {chat.approvals.map((approval) => (
 *         <button key={approval.callId} onClick={() => chat.approve(approval.callId)}>Approve {approval.name}</button>
 *       ))}
 *       {chat.error && <button onClick={() => chat.retry()}>Retry ({chat.error.kind})</button>}
 *       {chat.isRunning
 *         ? <button onClick={chat.stop}>Stop</button>
 *         : <button onClick={() => chat.send('Find me a flight to Oslo')}>Send</button>}
 *     </>
 *   )
 * }
 * ```
 */
export function useAgentStream<Tools extends ToolDefinitions = ToolDefinitions>(
  optionsOrStore?: UseAgentStreamOptions | AgentStream,
): UseAgentStreamResult<Tools> {
  const store = useAgentStreamStore(optionsOrStore)
  const state = useStoreSelector(store, selectState)

  const actions = useMemo(
    () => ({
      send: (input: string, sendOptions?: SendOptions) => store.send(input, sendOptions),
      stop: () => store.stop(),
      retry: () => store.retry(),
      reset: () => store.reset(),
      approve: (callId: string, approveOptions?: { reason?: string }) =>
        store.approve(callId, approveOptions),
      reject: (callId: string, reason?: string) => store.reject(callId, reason),
      resume: (resumeOptions: { lastEventId: string; url?: string }) => store.resume(resumeOptions),
    }),
    [store],
  )

  return useMemo(
    () => ({
      ...actions,
      store,
      state,
      messages: selectMessages(state),
      status: state.status,
      isRunning: isRunning(state.status),
      error: state.error,
      agent: state.agent,
      toolCalls: selectToolCalls(state) as readonly TypedToolCall<Tools>[],
      handoffs: state.handoffs,
      approvals: state.approvals,
      lastEventId: store.getLastEventId(),
    }),
    [actions, store, state],
  )
}
