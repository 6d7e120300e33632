import type { RunState, ToolCall, ToolCallStatus } from '@agentstream/core'
import { useAgentSelector, useAgentStreamContext, useToolCall } from '@agentstream/react'
import {
  type KeyboardEvent,
  memo,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react'
import {
  ChatContextProvider,
  type ChatContextValue,
  type ToolCallRendererProps,
  type ToolRenderers,
  useChatContext,
} from './context'
import { AgentBadge } from './handoffs'

const statusLabels: Record<ToolCallStatus, string> = {
  'streaming-arguments': 'Preparing',
  'awaiting-approval': 'Needs approval',
  running: 'Running',
  done: 'Done',
  error: 'Failed',
  denied: 'Rejected',
  stopped: 'Stopped',
}

/**
 * A value as readable text: JSON pretty-printed (also JSON inside a string), other strings as they are.
 *
 * @example
 * ```ts
 * formatValue('{"tempC":21}') // '{\n  "tempC": 21\n}'
 * formatValue({ city: 'Paris' }) // '{\n  "city": "Paris"\n}'
 * ```
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') {
    const trimmed = value.trim()
    if (/^[[{]/.test(trimmed)) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2)
      } catch {
        return value
      }
    }
    return value
  }
  if (value === undefined) return ''
  try {
    return JSON.stringify(value, null, 2) ?? String(value)
  } catch {
    return String(value)
  }
}

/**
 * A duration in ms as short text (`850 ms`, `1.2 s`, `2 min 5 s`).
 *
 * @example
 * ```ts
 * formatDuration(1234) // '1.2 s'
 * ```
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const seconds = Math.round(ms / 1000)
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`
}

const collapseLines = 12
const collapseChars = 600

function Output({ label, text, className }: { label: string; text: string; className: string }) {
  const lines = text.split('\n').length
  const body = (
    <pre className={className}>
      <code>{text}</code>
    </pre>
  )
  if (lines <= collapseLines && text.length <= collapseChars)
    return (
      <div className="as-tool-section">
        <div className="as-tool-section-label">{label}</div>
        {body}
      </div>
    )
  return (
    <details className="as-tool-section" data-collapsible="">
      <summary>
        {label}{' '}
        <span className="as-tool-size">({lines > 1 ? `${lines} lines` : `${text.length} characters`})</span>
      </summary>
      {body}
    </details>
  )
}

const activeStatuses = new Set<ToolCallStatus>(['streaming-arguments', 'running', 'awaiting-approval'])

/** Inline, a call's arguments and output fold away once it has settled (open while it runs). */
function InlineDetails({ active, children }: { active: boolean; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null)
  const [initiallyOpen] = useState(active)
  useEffect(() => {
    if (!active && ref.current) ref.current.open = false
  }, [active])
  return (
    <details ref={ref} className="as-tool-details" open={initiallyOpen}>
      <summary>Details</summary>
      {children}
    </details>
  )
}

/**
 * Props of {@link ToolCallTimeline.Approval}: what a tool renderer receives.
 *
 * @example
 * ```tsx
 * function RefundCard(props: ToolCallRendererProps) {
 *   const approval: ToolCallApprovalProps = props
 *   return <ToolCallTimeline.Approval {...approval} />
 * }
 * ```
 */
export type ToolCallApprovalProps = Pick<ToolCallRendererProps, 'call' | 'approve' | 'reject'>

/**
 * The default Approve / Reject controls, for a per-tool or `ToolCall` renderer that draws its own
 * card: renders nothing unless the call awaits approval. Reject is a disclosure that reveals an
 * optional reason field with "Send rejection" and "Cancel" (Enter sends, Escape cancels and returns
 * focus to Reject); after a decision, focus moves to the tool call.
 *
 * @example
 * ```tsx
 * function RefundCard({ call, approve, reject }: ToolCallRendererProps) {
 *   const { orderId, amount } = (call.args ?? {}) as { orderId?: string; amount?: number }
 *   return (
 *     <div>
 *       <p>Refund {amount} on order {orderId}</p>
 *       <ToolCallTimeline.Approval call={call} approve={approve} reject={reject} />
 *     </div>
 *   )
 * }
 * ```
 */
function ToolCallApproval({ call, approve, reject }: ToolCallApprovalProps) {
  return call.status === 'awaiting-approval' ? (
    <Approval name={call.name || 'tool'} approve={approve} reject={reject} />
  ) : null
}

function Approval({
  name,
  approve,
  reject,
}: Pick<ToolCallRendererProps, 'approve' | 'reject'> & { name: string }) {
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const rejectRef = useRef<HTMLButtonElement>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const id = useId()
  useEffect(() => {
    if (rejecting) inputRef.current?.focus()
  }, [rejecting])
  const cancel = () => {
    rejectRef.current?.focus()
    setRejecting(false)
    setReason('')
  }
  const send = () => {
    // `reject` moves focus to the tool call, which then announces its new state.
    void reject(reason.trim() || undefined)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      cancel()
    } else if (
      event.key === 'Enter' &&
      event.currentTarget === inputRef.current &&
      !event.nativeEvent.isComposing
    ) {
      event.preventDefault()
      send()
    }
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset's legend would repeat the tool name
    <div className="as-tool-approval" role="group" aria-label={`Approve ${name}?`}>
      <div className="as-tool-approval-buttons">
        <button type="button" className="as-button as-approve" onClick={() => void approve()}>
          Approve
        </button>
        <button
          ref={rejectRef}
          type="button"
          className="as-button as-reject"
          aria-expanded={rejecting}
          aria-controls={rejecting ? `${id}-reject` : undefined}
          onClick={() => (rejecting ? inputRef.current?.focus() : setRejecting(true))}
        >
          Reject
        </button>
      </div>
      {rejecting && (
        <div className="as-tool-reject" id={`${id}-reject`}>
          <label htmlFor={`${id}-reason`} className="as-tool-reject-label">
            Reason (optional)
          </label>
          <input
            ref={inputRef}
            id={`${id}-reason`}
            type="text"
            className="as-tool-reject-reason"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            onKeyDown={onKeyDown}
          />
          <div className="as-tool-reject-buttons">
            <button type="button" className="as-button as-reject-send" onClick={send} onKeyDown={onKeyDown}>
              Send rejection
            </button>
            <button
              type="button"
              className="as-button as-reject-cancel"
              onClick={cancel}
              onKeyDown={onKeyDown}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  )
}

function DefaultToolCall({ call, approve, reject, variant }: ToolCallRendererProps) {
  const args = useMemo(
    () => (call.args !== undefined ? formatValue(call.args) : call.argsText),
    [call.args, call.argsText],
  )
  const output = useMemo(() => formatValue(call.output), [call.output])
  const duration =
    call.startedAt !== undefined && call.endedAt !== undefined
      ? formatDuration(call.endedAt - call.startedAt)
      : null
  const name = call.name || 'tool'
  const sections = (
    <>
      {args !== '' && <Output label="Arguments" text={args} className="as-tool-args" />}
      {call.output !== undefined && <Output label="Output" text={output} className="as-tool-output" />}
    </>
  )
  return (
    <>
      <div className="as-tool-header">
        <span className="as-tool-icon" aria-hidden="true" />
        <span className="as-tool-name">{name}</span>
        {call.agent && variant === 'panel' && <AgentBadge name={call.agent} />}
        <span className="as-tool-state">{statusLabels[call.status]}</span>
        {duration && (
          <span className="as-tool-duration" title="Duration">
            {duration}
          </span>
        )}
      </div>
      {variant === 'inline' && (args !== '' || call.output !== undefined) ? (
        <InlineDetails active={activeStatuses.has(call.status)}>{sections}</InlineDetails>
      ) : (
        sections
      )}
      {call.error !== undefined && (
        <p className="as-tool-error">
          <span className="as-tool-section-label">Error</span> {call.error}
        </p>
      )}
      {call.status === 'denied' && call.deniedReason && <p className="as-tool-denied">{call.deniedReason}</p>}
      <ToolCallApproval call={call} approve={approve} reject={reject} />
    </>
  )
}

/**
 * Props of {@link ToolCallTimeline.Item}.
 *
 * @example
 * ```tsx
 * const props: ToolCallItemProps = { callId: 'call_weather_paris' }
 * ```
 */
export interface ToolCallItemProps {
  callId: string
  /**
   * `'panel'` (default): everything shown, with the agent. `'inline'` (inside a message, as the
   * message list renders `tool-call` parts): arguments / output folded into "Details" once the call
   * has settled. Either way the per-tool renderer for the call's tool (`tools` of `Chat.Root` or of
   * `ToolCallTimeline.Root`) is used when there is one, and receives the `variant`.
   */
  variant?: 'panel' | 'inline'
  className?: string
}

/**
 * One tool call: its agent, name, state, arguments (growing while they stream), output or error
 * (long ones collapsed, JSON pretty-printed), duration, and Approve / Reject while it awaits approval.
 * Memoized and subscribed to its own call only: a finished call does not re-render while others
 * stream. After a decision, focus moves to the item itself.
 *
 * @example
 * ```tsx
 * <ToolCallTimeline.Item callId="call_weather_paris" />
 * ```
 */
const ToolCallItem = memo(function ToolCallItem({ callId, variant = 'panel', className }: ToolCallItemProps) {
  const call = useToolCall(callId)
  const store = useAgentStreamContext()
  const { components, tools } = useChatContext()
  const ref = useRef<HTMLDivElement>(null)
  const approve = useCallback(
    async (reason?: string) => {
      const done = store.approve(callId, reason !== undefined ? { reason } : undefined)
      ref.current?.focus()
      await done
    },
    [store, callId],
  )
  const reject = useCallback(
    async (reason?: string) => {
      const done = store.reject(callId, reason)
      ref.current?.focus()
      await done
    },
    [store, callId],
  )
  if (!call) return null
  const Renderer =
    (Object.hasOwn(tools, call.name) ? tools[call.name] : undefined) ?? components.ToolCall ?? DefaultToolCall
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of content, not of form controls
    <div
      ref={ref}
      tabIndex={-1}
      className={className ? `as-tool ${className}` : 'as-tool'}
      data-state={call.status}
      data-tool={call.name}
      data-agent={call.agent ?? undefined}
      data-call-id={call.callId}
      data-variant={variant}
      aria-label={`Tool ${call.name || 'call'}: ${statusLabels[call.status]}`}
      role="group"
    >
      <Renderer call={call} approve={approve} reject={reject} variant={variant} />
    </div>
  )
})

/**
 * Props of {@link ToolCallTimeline.Root}.
 *
 * @example
 * ```tsx
 * const props: ToolCallTimelineRootProps = { label: 'What the agents did' }
 * ```
 */
export interface ToolCallTimelineRootProps {
  /** Accessible name (default "Tool calls"). */
  label?: string
  className?: string
  /** Shown when the run has no tool calls yet (default: nothing). */
  empty?: ReactNode
  /**
   * Per-tool renderers for the items of this timeline (keep the object stable). Default: the `tools`
   * of the enclosing `Chat.Root`, if any.
   */
  tools?: ToolRenderers
}

const selectToolCallIds = (state: RunState) => state.toolCallIds

function ToolCallTimelineRoot({
  label = 'Tool calls',
  className,
  empty = null,
  tools,
}: ToolCallTimelineRootProps) {
  const ids = useAgentSelector(undefined, selectToolCallIds)
  const context = useChatContext()
  const value = useMemo<ChatContextValue>(
    () => (tools && tools !== context.tools ? { ...context, tools } : context),
    [context, tools],
  )
  return (
    <ChatContextProvider value={value}>{renderTimeline(ids, label, className, empty)}</ChatContextProvider>
  )
}

function renderTimeline(
  ids: readonly string[],
  label: string,
  className: string | undefined,
  empty: ReactNode,
) {
  return (
    <section className={className ? `as-timeline ${className}` : 'as-timeline'} aria-label={label}>
      {ids.length === 0 ? (
        empty
      ) : (
        <ol>
          {ids.map((id) => (
            <li key={id}>
              <ToolCallItem callId={id} />
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

/**
 * Every tool call of the run, in order, as a side panel: `ToolCallTimeline.Root` lists
 * `ToolCallTimeline.Item`s (also used inline in messages for `tool-call` parts). Subscribes to the
 * list of call ids only; each item to its own call. `ToolCallTimeline.Approval` is the default
 * Approve / Reject, for tool renderers of your own.
 *
 * @example
 * ```tsx
 * <Chat.Root url="/api/agent">
 *   <Chat.Messages />
 *   <aside><ToolCallTimeline.Root /></aside>
 *   <Chat.Composer />
 * </Chat.Root>
 * ```
 */
export const ToolCallTimeline = { Root: ToolCallTimelineRoot, Item: ToolCallItem, Approval: ToolCallApproval }

/** The status label of a tool call, as the parts show it. */
export function toolStatusLabel(call: Pick<ToolCall, 'status'>): string {
  return statusLabels[call.status]
}
