import type {
  AgentStream,
  AgentStreamError,
  Handoff,
  Message,
  PendingApproval,
  RunState,
  RunStatus,
} from '@agentstream/core'
import { selectMessages } from '@agentstream/core'
import { useCallback } from 'react'
import { useResolvedStore } from './context'
import { selectMessage, selectMessageIds, selectToolCalls, shallowArrayEqual } from './selectors'
import type { ToolDefinitions, TypedToolCall } from './tools'
import { useStoreSelector } from './use-agent-selector'

// Every hook here takes an optional store; without one it uses the nearest <AgentStreamProvider>.
// Each re-renders only when its own slice changes: the reducer keeps the identity of everything a
// token does not touch.

/**
 * One message by id (settled or streaming), or `undefined`. Re-renders only when that message
 * changes: a component showing an earlier message does not re-render while another one streams.
 *
 * @example
 * ```tsx
 * const Message = memo(function Message({ id }: { id: string }) {
 *   const message = useMessage(id)
 *   if (!message) return null
 *   return <p className={message.role}>{messageText(message)}</p>
 * })
 * ```
 */
export function useMessage(id: string, store?: AgentStream): Message | undefined {
  const resolved = useResolvedStore(store)
  const selector = useCallback((state: RunState) => selectMessage(state, id), [id])
  return useStoreSelector(resolved, selector)
}

/**
 * The ids of all messages, in order. Re-renders only when a message is added or removed, never
 * while a message streams: render a list of memoized `<Message id>` with it.
 *
 * @example
 * ```tsx
 * function MessageList() {
 *   const ids = useMessageIds()
 *   return ids.map((id) => <Message key={id} id={id} />)
 * }
 * ```
 */
export function useMessageIds(store?: AgentStream): readonly string[] {
  return useStoreSelector(useResolvedStore(store), selectMessageIds, shallowArrayEqual)
}

/**
 * All messages, settled and streaming (the core's memoized `selectMessages`). Re-renders on every
 * published change of any message; prefer {@link useMessageIds} + {@link useMessage} for long lists.
 *
 * @example
 * ```tsx
 * const messages = useMessages()
 * return <pre>{messages.map(messageText).join('\n')}</pre>
 * ```
 */
export function useMessages(store?: AgentStream): readonly Message[] {
  return useStoreSelector(useResolvedStore(store), selectMessages)
}

/**
 * One tool call by id, typed by its tool's name with `Tools`. Re-renders only when that call changes.
 *
 * @example
 * ```tsx
 * function WeatherCard({ callId }: { callId: string }) {
 *   const call = useToolCall<Tools>(callId)
 *   if (call?.name !== 'get_weather' || call.status !== 'done') return <Spinner />
 *   return <p>{call.args.city}: {call.output?.temperature}°</p>
 * }
 * ```
 */
export function useToolCall<Tools extends ToolDefinitions = ToolDefinitions>(
  id: string,
  store?: AgentStream,
): TypedToolCall<Tools> | undefined {
  const resolved = useResolvedStore(store)
  const selector = useCallback((state: RunState) => state.toolCalls[id], [id])
  return useStoreSelector(resolved, selector) as TypedToolCall<Tools> | undefined
}

/**
 * All tool calls in order of first appearance, typed by name with `Tools`. Re-renders only when a
 * tool call changes, not while text streams.
 *
 * @example
 * ```tsx
 * function ToolPanel() {
 *   const calls = useToolCalls<Tools>()
 *   return calls.map((call) => <li key={call.callId}>{call.name}: {call.status}</li>)
 * }
 * ```
 */
export function useToolCalls<Tools extends ToolDefinitions = ToolDefinitions>(
  store?: AgentStream,
): readonly TypedToolCall<Tools>[] {
  return useStoreSelector(
    useResolvedStore(store),
    selectToolCalls,
    shallowArrayEqual,
  ) as readonly TypedToolCall<Tools>[]
}

/**
 * The handoff trail, oldest first.
 *
 * @example
 * ```tsx
 * const handoffs = useHandoffs()
 * return <small>{handoffs.map((handoff) => `${handoff.from} → ${handoff.to}`).join(', ')}</small>
 * ```
 */
export function useHandoffs(store?: AgentStream): readonly Handoff[] {
  return useStoreSelector(useResolvedStore(store), selectHandoffs, shallowArrayEqual)
}

/**
 * The agent speaking now (`null` until a protocol names one).
 *
 * @example
 * ```tsx
 * const agent = useCurrentAgent()
 * return agent ? <Badge>{agent}</Badge> : null
 * ```
 */
export function useCurrentAgent(store?: AgentStream): string | null {
  return useStoreSelector(useResolvedStore(store), selectAgent)
}

/**
 * The run's status: `idle`, `connecting`, `streaming`, `reconnecting`, `done`, `interrupted`,
 * `incomplete`, `error` or `stopped`. Re-renders only when it changes.
 *
 * @example
 * ```tsx
 * function StopButton() {
 *   const status = useRunStatus()
 *   const store = useAgentStreamContext()
 *   return <button disabled={!isRunning(status)} onClick={() => store.stop()}>Stop</button>
 * }
 * ```
 */
export function useRunStatus(store?: AgentStream): RunStatus {
  return useStoreSelector(useResolvedStore(store), selectStatus)
}

/**
 * The tool calls waiting for a human decision. Answer with `store.approve(callId)` /
 * `store.reject(callId, reason)`.
 *
 * @example
 * ```tsx
 * function Approvals() {
 *   const store = useAgentStreamContext()
 *   return useApprovals().map((approval) => (
 *     <button key={approval.callId} onClick={() => store.approve(approval.callId)}>Allow {approval.name}</button>
 *   ))
 * }
 * ```
 */
export function useApprovals(store?: AgentStream): readonly PendingApproval[] {
  return useStoreSelector(useResolvedStore(store), selectApprovals, shallowArrayEqual)
}

/**
 * The run's typed error (`kind`: `http`, `network`, `truncated`, `server`, `timeout`, `unsupported`,
 * `client`), or `null`.
 *
 * @example
 * ```tsx
 * const error = useRunError()
 * if (error?.kind === 'http' && error.status === 401) return <SignIn />
 * ```
 */
export function useRunError(store?: AgentStream): AgentStreamError | null {
  return useStoreSelector(useResolvedStore(store), selectError)
}

const selectHandoffs = (state: RunState) => state.handoffs
const selectAgent = (state: RunState) => state.agent
const selectStatus = (state: RunState) => state.status
const selectApprovals = (state: RunState) => state.approvals
const selectError = (state: RunState) => state.error
