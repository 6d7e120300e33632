import type { AgentStream, AgentStreamErrorKind, RunState, RunStatus } from '@agentstream/core'
import { isRunning } from '@agentstream/core'
import {
  AgentStreamProvider,
  type UseAgentStreamOptions,
  useAgentSelector,
  useAgentStreamContext,
  useAgentStreamStore,
  useMessageIds,
  useRunError,
  useRunStatus,
} from '@agentstream/react'
import {
  type FormEvent,
  type KeyboardEvent,
  memo,
  type ReactNode,
  useCallback,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react'
import { Announcer } from './announcer'
import {
  type ChatComponents,
  ChatContextProvider,
  type ChatContextValue,
  focusComposer,
  type ToolRenderers,
  useChatContext,
} from './context'
import { ChatMessage } from './message'
import { useIsomorphicLayoutEffect, useStickToBottom } from './scroll'

function cx(base: string, extra: string | undefined): string {
  return extra ? `${base} ${extra}` : base
}

/**
 * A ref for a control that goes away by itself (Stop when the run settles, "Show earlier messages"
 * after the last page): if it held focus as it left, `refocus` picks where focus goes, instead of
 * `<body>`, from where a keyboard or screen-reader user would have to find their way back.
 * `refocus` gets the chat root the control was in (looked up before it left).
 */
function useFocusHandoff(refocus: (scope: Element | null) => void): (element: HTMLElement | null) => void {
  const attached = useRef<HTMLElement | null>(null)
  return useCallback(
    (element: HTMLElement | null) => {
      const gone = attached.current
      attached.current = element
      // React detaches the ref while the element is still in the document, before it removes it.
      if (element || !gone || gone.ownerDocument.activeElement !== gone) return
      const scope = gone.closest('.as-chat') ?? gone.parentElement
      // Whatever takes its place (the Send or Retry button…) is committed in the same pass: look
      // once the commit is over.
      queueMicrotask(() => {
        const active = gone.ownerDocument.activeElement
        // Still there (only the ref changed), or focus already went somewhere on purpose.
        if (gone.isConnected || (active && active !== gone.ownerDocument.body)) return
        refocus(scope)
      })
    },
    [refocus],
  )
}

/** Focuses an element that is not focusable by itself (a message) until focus leaves it. */
function focusOnce(element: HTMLElement) {
  if (!element.hasAttribute('tabindex')) {
    element.tabIndex = -1
    element.addEventListener('blur', () => element.removeAttribute('tabindex'), { once: true })
  }
  element.focus()
}

/**
 * Props of {@link Chat.Root}: either a `store` you own, or the options of `useAgentStream`
 * (`url`, `protocol`, `headers`, callbacks…) for a store the Root creates and disposes.
 *
 * @example
 * ```tsx
 * const props: ChatRootProps = { url: '/api/agent', theme: 'dark', tools: { get_weather: WeatherCard } }
 * ```
 */
export interface ChatRootProps extends UseAgentStreamOptions {
  /** A store to use instead of creating one from the options. */
  store?: AgentStream
  /** Renderer overrides for the parts (keep the object stable). */
  components?: ChatComponents
  /** Per-tool renderers by tool name (keep the object stable). */
  tools?: ToolRenderers
  /** Force a theme; by default it follows `prefers-color-scheme`. */
  theme?: 'light' | 'dark'
  className?: string
  /** The parts; `<Chat.Messages /><Chat.Composer />` by default. */
  children?: ReactNode
}

const RootBody = memo(function RootBody({
  store,
  context,
  theme,
  className,
  children,
}: {
  store: AgentStream
  context: ChatContextValue
  theme: 'light' | 'dark' | undefined
  className: string | undefined
  children: ReactNode
}) {
  const ref = useRef<HTMLDivElement>(null)
  // `data-status` on the root without re-rendering it: set from a store subscription.
  useIsomorphicLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    const apply = (state: RunState) => element.setAttribute('data-status', state.status)
    apply(store.getState())
    return store.subscribe(apply)
  }, [store])
  return (
    <AgentStreamProvider store={store}>
      <ChatContextProvider value={context}>
        <div ref={ref} className={cx('as-chat', className)} data-theme={theme}>
          {children ?? (
            <>
              <ChatMessages />
              <Composer />
            </>
          )}
          <Announcer />
        </div>
      </ChatContextProvider>
    </AgentStreamProvider>
  )
})

/**
 * The chat: creates (or adopts) the store, provides it to every part below it, and holds the
 * renderer overrides, the theme and the one polite live region. Without children it renders
 * `<Chat.Messages />` and `<Chat.Composer />`.
 *
 * @example
 * ```tsx
 * <Chat.Root url="/api/agent">
 *   <Chat.Messages />
 *   <Chat.Composer />
 * </Chat.Root>
 * ```
 */
function Root({ store: given, components, tools, theme, className, children, ...options }: ChatRootProps) {
  // Only creates or adopts the store: the root itself never re-renders as tokens arrive.
  const store = useAgentStreamStore(given ?? options)
  const composerRef = useRef<HTMLTextAreaElement | null>(null)
  const context = useMemo<ChatContextValue>(
    () => ({ components: components ?? {}, tools: tools ?? {}, composerRef }),
    [components, tools],
  )
  return (
    <RootBody store={store} context={context} theme={theme} className={className}>
      {children}
    </RootBody>
  )
}

/**
 * Props of {@link Chat.Messages}.
 *
 * @example
 * ```tsx
 * const props: ChatMessagesProps = { pageSize: 100, label: 'Conversation' }
 * ```
 */
export interface ChatMessagesProps {
  /**
   * How many of the latest messages are in the DOM; "Show earlier messages" adds as many again
   * (default 50). Keeps DOM work bounded for long histories.
   */
  pageSize?: number
  /** Accessible name of the scroll region (default "Conversation"). */
  label?: string
  className?: string
  /** Shown when there are no messages (default `<Chat.EmptyState />`). */
  empty?: ReactNode
  /**
   * Rendered after the messages, inside the scroll area (default
   * `<Chat.Status /><Chat.ErrorNotice /><Chat.IncompleteNotice />`).
   */
  children?: ReactNode
}

/**
 * The message list: subscribes to the message ids only and renders a memoized `Chat.Message` per id,
 * the latest `pageSize` of them with a "Show earlier messages" control. Sticks to the bottom while
 * content grows, lets go as soon as the user scrolls up, and offers a "Jump to latest" button.
 *
 * @example
 * ```tsx
 * <Chat.Root url="/api/agent">
 *   <Chat.Messages pageSize={100} />
 *   <Chat.Composer />
 * </Chat.Root>
 * ```
 */
function ChatMessages({
  pageSize = 50,
  label = 'Conversation',
  className,
  empty,
  children,
}: ChatMessagesProps) {
  const ids = useMessageIds()
  const [limit, setLimit] = useState(pageSize)
  const scrollRef = useRef<HTMLElement>(null)
  const contentRef = useRef<HTMLDivElement>(null)
  const { stuck, jumpToLatest } = useStickToBottom(scrollRef, contentRef)
  const start = Math.max(0, ids.length - limit)
  const anchor = useRef<number | null>(null)

  // Keep what the user was reading in place when earlier messages are added above it: runs after
  // `limit` grew, though the body does not read it.
  useIsomorphicLayoutEffect(() => {
    const scroller = scrollRef.current
    if (anchor.current === null || !scroller) return
    scroller.scrollTop = scroller.scrollHeight - anchor.current
    anchor.current = null
  }, [limit])

  const showEarlier = () => {
    const scroller = scrollRef.current
    if (scroller) anchor.current = scroller.scrollHeight - scroller.scrollTop
    setLimit((current) => current + pageSize)
  }
  const jump = () => {
    jumpToLatest()
    scrollRef.current?.focus({ preventScroll: true })
  }
  // After the last page the button is gone: the first message it revealed takes its place.
  const earlierRef = useFocusHandoff(
    useCallback(() => {
      const first = contentRef.current?.querySelector<HTMLElement>('.as-message')
      if (first) focusOnce(first)
      else scrollRef.current?.focus()
    }, []),
  )

  return (
    <div className={cx('as-messages', className)} data-state={stuck ? 'stuck' : 'released'}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <section ref={scrollRef} className="as-messages-scroll" aria-label={label} tabIndex={0}>
        <div ref={contentRef} className="as-messages-content">
          {ids.length === 0 && (empty === undefined ? <EmptyState /> : empty)}
          {start > 0 && (
            <button
              ref={earlierRef}
              type="button"
              className="as-button as-show-earlier"
              onClick={showEarlier}
            >
              Show earlier messages ({start})
            </button>
          )}
          {ids.slice(start).map((id) => (
            <ChatMessage key={id} id={id} />
          ))}
          {children ?? (
            <>
              <Status />
              <ErrorNotice />
              <IncompleteNotice />
            </>
          )}
        </div>
      </section>
      {!stuck && (
        <button type="button" className="as-button as-jump" onClick={jump}>
          <span aria-hidden="true">↓</span> Jump to latest
        </button>
      )}
    </div>
  )
}

/**
 * Props of {@link Chat.Composer}.
 *
 * @example
 * ```tsx
 * const props: ComposerProps = { placeholder: 'Ask the agents…', autoFocus: true }
 * ```
 */
export interface ComposerProps {
  placeholder?: string
  /** Accessible name of the textarea (default "Message"). */
  label?: string
  autoFocus?: boolean
  className?: string
  /** Called with the text instead of `store.send(text)` (for example to add options). */
  onSend?: (text: string, store: AgentStream) => void
}

/**
 * A multi-line textarea: Enter sends, Shift+Enter adds a line. While a run is in flight the textarea
 * is read-only (it keeps focus) and the send button becomes a Stop button. Focus stays in the
 * textarea after sending and after stopping.
 *
 * @example
 * ```tsx
 * <Chat.Composer placeholder="Ask about the weather…" />
 * ```
 */
function Composer({
  placeholder = 'Message',
  label = 'Message',
  autoFocus,
  className,
  onSend,
}: ComposerProps) {
  const store = useAgentStreamContext()
  const context = useChatContext()
  const status = useRunStatus()
  const running = isRunning(status)
  const [value, setValue] = useState('')
  const id = useId()
  const setRef = useCallback(
    (element: HTMLTextAreaElement | null) => {
      context.composerRef.current = element
    },
    [context],
  )
  const submit = () => {
    const text = value.trim()
    if (!text || running) return
    setValue('')
    if (onSend) onSend(text, store)
    else void store.send(text)
    focusComposer(context)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return
    event.preventDefault()
    submit()
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    submit()
  }
  return (
    <form className={cx('as-composer', className)} data-status={status} onSubmit={onSubmit}>
      <label htmlFor={id} className="as-sr-only">
        {label}
      </label>
      <textarea
        id={id}
        ref={setRef}
        className="as-composer-input"
        rows={1}
        value={value}
        placeholder={placeholder}
        readOnly={running}
        // biome-ignore lint/a11y/noAutofocus: opt-in
        autoFocus={autoFocus}
        enterKeyHint="send"
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {running ? (
        <StopButton />
      ) : (
        <button
          type="submit"
          className="as-button as-send"
          disabled={value.trim() === ''}
          aria-label="Send message"
        >
          <span aria-hidden="true">↑</span>
          <span className="as-button-text">Send</span>
        </button>
      )}
    </form>
  )
}

/**
 * Props of {@link Chat.StopButton} and {@link Chat.RetryButton}.
 *
 * @example
 * ```tsx
 * const props: ChatButtonProps = { children: 'Cancel' }
 * ```
 */
export interface ChatButtonProps {
  children?: ReactNode
  className?: string
}

/**
 * Stops the run in flight (`store.stop()`); rendered only while one is. Focus returns to the composer,
 * also when the run ends by itself while Stop has focus (without a composer: to Retry, if shown, or
 * to the conversation).
 *
 * @example
 * ```tsx
 * <Chat.StopButton />
 * ```
 */
function StopButton({ children, className }: ChatButtonProps) {
  const store = useAgentStreamContext()
  const context = useChatContext()
  const running = isRunning(useRunStatus())
  const ref = useFocusHandoff(
    useCallback(
      (scope: Element | null) => {
        if (focusComposer(context)) return
        const next =
          scope?.querySelector<HTMLElement>('.as-retry') ??
          scope?.querySelector<HTMLElement>('.as-messages-scroll')
        next?.focus()
      },
      [context],
    ),
  )
  if (!running) return null
  return (
    <button
      ref={ref}
      type="button"
      className={cx('as-button as-stop', className)}
      aria-label={children ? undefined : 'Stop generating'}
      onClick={() => {
        store.stop()
        focusComposer(context)
      }}
    >
      {children ?? (
        <>
          <span className="as-stop-icon" aria-hidden="true" />
          <span className="as-button-text">Stop</span>
        </>
      )}
    </button>
  )
}

const retryable = new Set<RunStatus>(['error', 'stopped', 'incomplete'])

/**
 * Retries the last request (`store.retry()`: resumes a dropped stream where it can); rendered when
 * the run ended in error, was stopped or came back incomplete. Focus moves to the composer.
 *
 * @example
 * ```tsx
 * <Chat.RetryButton>Try again</Chat.RetryButton>
 * ```
 */
function RetryButton({ children = 'Retry', className }: ChatButtonProps) {
  const store = useAgentStreamContext()
  const context = useChatContext()
  const status = useRunStatus()
  if (!retryable.has(status)) return null
  return (
    <button
      type="button"
      className={cx('as-button as-retry', className)}
      onClick={() => {
        void store.retry()
        focusComposer(context)
      }}
    >
      {children}
    </button>
  )
}

const errorTitles: Record<AgentStreamErrorKind, string> = {
  http: 'The server refused the request',
  network: 'The connection was lost',
  truncated: 'The answer was cut off',
  server: 'The agent ran into an error',
  timeout: 'The agent stopped responding',
  unsupported: 'The answer could not be read',
  client: 'The request could not be sent',
}

/**
 * Props of {@link Chat.ErrorNotice}.
 *
 * @example
 * ```tsx
 * const props: ErrorNoticeProps = { titles: { http: 'Please sign in again' } }
 * ```
 */
export interface ErrorNoticeProps {
  /** Headlines by error kind, over the defaults. */
  titles?: Partial<Record<AgentStreamErrorKind, string>>
  className?: string
}

/**
 * The run's typed error: what happened (a headline by `kind`, the HTTP status, the server's own
 * message) and a Retry button. Rendered only when the run ended in error; `data-kind` carries the kind.
 *
 * @example
 * ```tsx
 * <Chat.ErrorNotice titles={{ timeout: 'The agent is taking too long' }} />
 * ```
 */
function ErrorNotice({ titles, className }: ErrorNoticeProps) {
  const error = useRunError()
  const status = useRunStatus()
  if (status !== 'error' || !error) return null
  // A success status with an `http` error: the answer came, but it was not a stream (a login page…).
  const title =
    titles?.[error.kind] ??
    (error.kind === 'http' && error.status !== undefined && error.status < 300
      ? 'The server did not answer with a stream'
      : errorTitles[error.kind])
  return (
    <Notice
      kind="error"
      className={className}
      data-kind={error.kind}
      title={
        <>
          {title}
          {error.status !== undefined && <span className="as-error-status"> (HTTP {error.status})</span>}
        </>
      }
    >
      {error.message}
    </Notice>
  )
}

/** A named group with a title, an explanation and Retry: how an error and a cut-short answer show. */
function Notice({
  kind,
  className,
  title,
  children,
  ...data
}: {
  kind: 'error' | 'incomplete'
  className: string | undefined
  title: ReactNode
  children: ReactNode
  'data-kind'?: string
  'data-status'?: string
}) {
  const titleId = useId()
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset is for form controls; this is a notice
    <div className={cx(`as-${kind}`, className)} {...data} role="group" aria-labelledby={titleId}>
      <p className={`as-${kind}-title`} id={titleId}>
        {title}
      </p>
      <p className={`as-${kind}-message`}>{children}</p>
      <RetryButton />
    </div>
  )
}

/**
 * Props of {@link Chat.IncompleteNotice}.
 *
 * @example
 * ```tsx
 * const props: IncompleteNoticeProps = { title: 'The reply hit the token limit' }
 * ```
 */
export interface IncompleteNoticeProps {
  /** The headline (default "The answer was cut short"). */
  title?: string
  /** The explanation under it (default: why, from the run's `finishReason` — length limit, content filter…). */
  children?: ReactNode
  className?: string
}

const selectFinishReason = (state: RunState) => state.finishReason

/** Why the server cut an answer short, in words, from the reason the wire gave. */
function cutShortBecause(reason: string | null): string {
  if (reason === 'content_filter' || reason === 'content-filter')
    return 'The model’s output was stopped by a content filter.'
  if (reason === 'length' || reason === 'max_output_tokens' || reason === 'max_tokens')
    return 'The model reached its output length limit before it finished.'
  return reason
    ? `The model stopped before it finished (${reason}).`
    : 'The model stopped before it finished, usually at its length limit.'
}

/**
 * Says that the answer was cut short (run status `incomplete`: the server ended it early, for example
 * at the model's output token limit), with a Retry button. Without it such an answer looks finished.
 * Rendered only then; `data-status="incomplete"`.
 *
 * @example
 * ```tsx
 * <Chat.IncompleteNotice title="The reply hit the token limit">Ask for a shorter answer, or retry.</Chat.IncompleteNotice>
 * ```
 */
function IncompleteNotice({
  title = 'The answer was cut short',
  children,
  className,
}: IncompleteNoticeProps) {
  const status = useRunStatus()
  const reason = useAgentSelector(undefined, selectFinishReason)
  if (status !== 'incomplete') return null
  return (
    <Notice kind="incomplete" className={className} data-status={status} title={title}>
      {children ?? cutShortBecause(reason)}
    </Notice>
  )
}

/**
 * Props of {@link Chat.EmptyState}.
 *
 * @example
 * ```tsx
 * const props: EmptyStateProps = { suggestions: ['What is the weather in Paris?'] }
 * ```
 */
export interface EmptyStateProps {
  /** Replaces the default content. */
  children?: ReactNode
  /** Prompts offered as buttons that send themselves. */
  suggestions?: readonly string[]
  className?: string
}

const selectEmpty = (state: RunState) => state.messages.length === 0 && state.streamingMessage === null

/**
 * Shown while the conversation has no messages (renders nothing afterwards): the `EmptyState`
 * override, `children`, or a short prompt, with optional suggestion buttons.
 *
 * @example
 * ```tsx
 * <Chat.EmptyState suggestions={['Weather in Tokyo?', 'Refund order A-1001']} />
 * ```
 */
function EmptyState({ children, suggestions, className }: EmptyStateProps) {
  const empty = useAgentSelector(undefined, selectEmpty)
  const store = useAgentStreamContext()
  const context = useChatContext()
  const Override = context.components.EmptyState
  if (!empty) return null
  return (
    <div className={cx('as-empty', className)}>
      {children ?? (Override ? <Override /> : <p className="as-empty-title">How can I help?</p>)}
      {suggestions && suggestions.length > 0 && (
        <ul className="as-suggestions">
          {suggestions.map((suggestion) => (
            <li key={suggestion}>
              <button
                type="button"
                className="as-button as-suggestion"
                onClick={() => {
                  void store.send(suggestion)
                  focusComposer(context)
                }}
              >
                {suggestion}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/**
 * What a run is doing now, as {@link Chat.Status} shows it: `connecting`, `reconnecting`,
 * `thinking`, `responding`, `tool` (with the tool's name), `handoff` (with the next agent) or `idle`.
 *
 * @example
 * ```ts
 * const activity = selectActivity(store.getState()) // { kind: 'tool', detail: 'get_weather' }
 * ```
 */
export function selectActivity(state: RunState): { kind: ActivityKind; detail?: string } {
  const [kind, detail] = activityKey(state).split('\u0000') as [ActivityKind, string | undefined]
  return detail !== undefined ? { kind, detail } : { kind }
}

/**
 * The kinds of {@link selectActivity}.
 *
 * @example
 * ```ts
 * const busy = (kind: ActivityKind) => kind !== 'idle'
 * ```
 */
export type ActivityKind =
  | 'idle'
  | 'connecting'
  | 'reconnecting'
  | 'thinking'
  | 'responding'
  | 'tool'
  | 'handoff'

function activityKey(state: RunState): string {
  if (state.status === 'connecting') return 'connecting'
  if (state.status === 'reconnecting') return 'reconnecting'
  if (state.status !== 'streaming') return 'idle'
  const parts = state.streamingMessage?.parts ?? []
  const last = parts[parts.length - 1]
  if (!last) return 'thinking'
  if (last.type === 'tool-call') {
    for (let index = parts.length - 1; index >= 0; index--) {
      const part = parts[index]!
      if (part.type !== 'tool-call') break
      const call = state.toolCalls[part.callId]
      if (call && (call.status === 'streaming-arguments' || call.status === 'running'))
        return `tool\u0000${call.name}`
    }
    return 'thinking'
  }
  if (last.type === 'handoff') return `handoff\u0000${last.to}`
  if (last.type === 'text' && last.text !== '') return 'responding'
  if (last.type === 'refusal') return 'responding'
  return 'thinking'
}

function activityLabel(kind: ActivityKind, detail: string | undefined): string {
  switch (kind) {
    case 'connecting':
      return 'Connecting…'
    case 'reconnecting':
      return 'Reconnecting…'
    case 'responding':
      return 'Writing…'
    case 'tool':
      return detail ? `Calling ${detail}…` : 'Calling a tool…'
    case 'handoff':
      return detail ? `Handing off to ${detail}…` : 'Handing off…'
    default:
      return 'Thinking…'
  }
}

/**
 * Props of {@link Chat.Status}.
 *
 * @example
 * ```tsx
 * const props: StatusProps = { labels: { thinking: 'Working on it…' } }
 * ```
 */
export interface StatusProps {
  /** Labels by activity over the defaults ("Connecting…", "Thinking…", "Calling get_weather…"…). */
  labels?: Partial<Record<Exclude<ActivityKind, 'idle'>, string>>
  className?: string
}

/**
 * What the run is doing: connecting, thinking, writing, calling a tool, handing off. Renders nothing
 * when idle; `data-status` carries the activity. Not a live region (the chat has one, for finished
 * messages and tool results). Re-renders only when the activity changes.
 *
 * @example
 * ```tsx
 * <Chat.Status labels={{ thinking: 'Working on it…' }} />
 * ```
 */
function Status({ labels, className }: StatusProps) {
  const key = useAgentSelector(undefined, activityKey)
  const [kind, detail] = key.split('\u0000') as [ActivityKind, string | undefined]
  if (kind === 'idle') return null
  return (
    <div className={cx('as-status', className)} data-status={kind} data-detail={detail}>
      <span className="as-spinner" aria-hidden="true" />
      <span className="as-status-text">{labels?.[kind] ?? activityLabel(kind, detail)}</span>
    </div>
  )
}

/**
 * The chat's compound parts. Each works alone under `Chat.Root` (or any `AgentStreamProvider`):
 * `Root`, `Messages`, `Message`, `Composer`, `StopButton`, `RetryButton`, `ErrorNotice`,
 * `IncompleteNotice`, `EmptyState`, `Status`.
 *
 * @example
 * ```tsx
 * import { Chat } from '@agentstream/ui'
 * import '@agentstream/ui/styles.css'
 *
 * export function App() {
 *   return (
 *     <Chat.Root url="/api/agent">
 *       <Chat.Messages />
 *       <Chat.Composer />
 *     </Chat.Root>
 *   )
 * }
 * ```
 */
export const Chat = {
  Root,
  Messages: ChatMessages,
  Message: ChatMessage,
  Composer,
  StopButton,
  RetryButton,
  ErrorNotice,
  IncompleteNotice,
  EmptyState,
  Status,
}
