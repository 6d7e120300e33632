import type { AgentStreamError, ProtocolName } from './events'

/**
 * Where a run is. Changed only by the reducer.
 * - `idle`: nothing sent yet (or after `reset`).
 * - `connecting`: a request is on its way, nothing has arrived.
 * - `streaming`: frames are arriving.
 * - `reconnecting`: the connection dropped; the transport is resuming with `Last-Event-ID`.
 * - `done` | `interrupted` | `incomplete` | `error` | `stopped`: the run ended that way
 *   (`stopped` is the user's own `stop()`, never a network failure).
 *
 * @example
 * ```ts
 * const busy = (status: RunStatus) => status === 'connecting' || status === 'streaming' || status === 'reconnecting'
 * ```
 */
export type RunStatus =
  | 'idle'
  | 'connecting'
  | 'streaming'
  | 'reconnecting'
  | 'done'
  | 'interrupted'
  | 'incomplete'
  | 'error'
  | 'stopped'

/**
 * A tool call's lifecycle: arguments streaming → (awaiting approval) → running → done | error | denied,
 * or `stopped` when the user stopped the run before the call finished (a call the run's own failure
 * cut off is `error`).
 *
 * @example
 * ```ts
 * const settled = (status: ToolCallStatus) => status === 'done' || status === 'error' || status === 'denied'
 * ```
 */
export type ToolCallStatus =
  | 'streaming-arguments'
  | 'awaiting-approval'
  | 'running'
  | 'done'
  | 'error'
  | 'denied'
  | 'stopped'

/**
 * A block of assistant (or user) text.
 *
 * @example
 * ```ts
 * const part: TextPart = { type: 'text', id: 'msg_1', text: 'Hi', agent: null, state: 'done' }
 * ```
 */
export interface TextPart {
  type: 'text'
  id: string
  text: string
  agent: string | null
  state: 'streaming' | 'done'
}

/**
 * A block of model reasoning (summaries or raw reasoning text).
 *
 * @example
 * ```ts
 * const part: ReasoningPart = { type: 'reasoning', id: 'rs_1', text: 'Thinking…', state: 'streaming' }
 * ```
 */
export interface ReasoningPart {
  type: 'reasoning'
  id: string
  text: string
  state: 'streaming' | 'done'
}

/**
 * The model's refusal text.
 *
 * @example
 * ```ts
 * const part: RefusalPart = { type: 'refusal', id: 'msg_1', text: "I can't help with that." }
 * ```
 */
export interface RefusalPart {
  type: 'refusal'
  id: string
  text: string
}

/**
 * A reference to a tool call; the call itself lives in `state.toolCalls[callId]` so that its output
 * can arrive after its message has settled without touching that message.
 *
 * @example
 * ```ts
 * const call = state.toolCalls[part.callId]
 * ```
 */
export interface ToolCallPart {
  type: 'tool-call'
  callId: string
}

/**
 * One agent handing the conversation to another, placed where it happened.
 *
 * @example
 * ```ts
 * const part: HandoffPart = { type: 'handoff', from: 'Triage', to: 'Weather Agent' }
 * ```
 */
export interface HandoffPart {
  type: 'handoff'
  from: string | null
  to: string
}

/**
 * An application data part (AI SDK `data-*` chunks).
 *
 * @example
 * ```ts
 * const part: DataPart = { type: 'data', dataType: 'weather', id: 'w1', data: { city: 'Oslo' } }
 * ```
 */
export interface DataPart {
  type: 'data'
  /** The name after `data-`. */
  dataType: string
  id?: string
  data: unknown
}

/**
 * Everything a message can be made of, in the order it arrived.
 *
 * @example
 * ```ts
 * const texts = message.parts.filter((part): part is TextPart => part.type === 'text')
 * ```
 */
export type MessagePart = TextPart | ReasoningPart | RefusalPart | ToolCallPart | HandoffPart | DataPart

/**
 * A chat message. Assistant messages group everything one agent produced in one run, in order;
 * a handoff starts a new assistant message for the next agent.
 *
 * @example
 * ```ts
 * const text = message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('')
 * ```
 */
export interface Message {
  id: string
  role: 'user' | 'assistant'
  agent: string | null
  parts: readonly MessagePart[]
  /** `stopped` / `error`: the run stopped or failed while this message streamed, so it is cut off. */
  status: 'streaming' | 'done' | 'stopped' | 'error'
}

/**
 * A tool call with its lifecycle.
 *
 * @example
 * ```ts
 * const call: ToolCall = state.toolCalls['call_1']!
 * if (call.status === 'done') render(call.output)
 * ```
 */
export interface ToolCall {
  callId: string
  name: string
  agent: string | null
  status: ToolCallStatus
  /** The JSON text of the arguments so far. */
  argsText: string
  /**
   * The arguments: while they stream, a best-effort parse of the partial JSON (so a UI can show
   * them growing); once complete, the parsed value. `undefined` until something parses.
   */
  args: unknown
  /** The output exactly as the wire carries it; absent until one arrives. */
  output?: unknown
  /** True while `output` is a preliminary (streaming) output. */
  preliminary?: boolean
  /** The error text where the protocol marks a failure. */
  error?: string
  /** The protocol's own approval id (AI SDK `approvalId`, AG-UI interrupt id). */
  approvalId?: string
  /** Why a call was denied, where the wire or the user said so. */
  deniedReason?: string
  /** Epoch ms when the call started (as stamped by the store), for durations. */
  startedAt?: number
  /** Epoch ms when the call settled. */
  endedAt?: number
}

/**
 * A tool call waiting for a human decision.
 *
 * @example
 * ```ts
 * for (const approval of state.approvals) store.approve(approval.callId)
 * ```
 */
export interface PendingApproval {
  callId: string
  name: string
  args?: unknown
  approvalId?: string
  message?: string
}

/**
 * One handoff in the run's trail.
 *
 * @example
 * ```ts
 * const trail = [state.handoffs[0]?.from, ...state.handoffs.map((handoff) => handoff.to)]
 * ```
 */
export interface Handoff {
  from: string | null
  to: string
}

/**
 * The one typed state every protocol ends up in.
 *
 * `messages` holds the settled messages and `streamingMessage` the one that is still growing, so a
 * token never copies the history: use {@link selectMessages} for the whole list.
 *
 * @example
 * ```ts
 * const state = reduce(initialRunState, { type: 'text-delta', messageId: 'm1', delta: 'Hi' })
 * selectMessages(state) // [{ role: 'assistant', parts: [{ type: 'text', text: 'Hi', … }], … }]
 * ```
 */
export interface RunState {
  status: RunStatus
  protocol: ProtocolName | null
  runId: string | null
  threadId: string | null
  /** Settled messages, oldest first. */
  messages: readonly Message[]
  /** The assistant message that is still streaming, if any. */
  streamingMessage: Message | null
  /** The agent speaking now. */
  agent: string | null
  /** The handoff trail, oldest first. */
  handoffs: readonly Handoff[]
  /** Tool calls by call id. */
  toolCalls: Readonly<Record<string, ToolCall>>
  /** Tool call ids in order of first appearance. */
  toolCallIds: readonly string[]
  /** Tool calls waiting for a human. */
  approvals: readonly PendingApproval[]
  /** AG-UI shared state after snapshots and patches (`undefined` when the stream has none). */
  sharedState: unknown
  /** Message metadata, merged (AI SDK). */
  metadata: Readonly<Record<string, unknown>> | undefined
  /** The latest usage the wire reported. */
  usage: unknown
  /** The name of the step now running, if the protocol reports steps. */
  step: string | null
  /**
   * Why the run finished, as the wire said it (`stop`, `length`, `max_output_tokens`,
   * `content_filter`…): with status `incomplete`, why the answer was cut short. `null` if unsaid.
   */
  finishReason: string | null
  error: AgentStreamError | null
  /** Frames that were not valid JSON and were skipped. */
  skippedFrames: number
}

/**
 * The state before anything happened.
 *
 * @example
 * ```ts
 * const state = reduce(initialRunState, { type: 'run-start' })
 * ```
 */
export const initialRunState: RunState = Object.freeze({
  status: 'idle',
  protocol: null,
  runId: null,
  threadId: null,
  messages: [],
  streamingMessage: null,
  agent: null,
  handoffs: [],
  toolCalls: {},
  toolCallIds: [],
  approvals: [],
  sharedState: undefined,
  metadata: undefined,
  usage: undefined,
  step: null,
  finishReason: null,
  error: null,
  skippedFrames: 0,
}) as RunState

// By the settled list: the whole list for the streaming message it was last made with.
const messagesCache = new WeakMap<readonly Message[], readonly Message[]>()

/**
 * All messages, settled and streaming, in order. Memoized, so calling it on every render returns the
 * same array until the messages change.
 *
 * @example
 * ```ts
 * for (const message of selectMessages(store.getState())) console.log(message.role, message.parts)
 * ```
 */
export function selectMessages(state: RunState): readonly Message[] {
  const { messages, streamingMessage } = state
  if (!streamingMessage) return messages
  const cached = messagesCache.get(messages)
  if (cached?.at(-1) === streamingMessage) return cached
  const all = [...messages, streamingMessage]
  messagesCache.set(messages, all)
  return all
}

/**
 * The plain text of a message (its text parts joined).
 *
 * @example
 * ```ts
 * const answer = messageText(selectMessages(state).at(-1)!)
 * ```
 */
export function messageText(message: Message): string {
  let text = ''
  for (const part of message.parts) if (part.type === 'text') text += part.text
  return text
}

/**
 * Whether a status means a request is in flight.
 *
 * @example
 * ```ts
 * button.disabled = isRunning(state.status)
 * ```
 */
export function isRunning(status: RunStatus): boolean {
  return status === 'connecting' || status === 'streaming' || status === 'reconnecting'
}

/** Whether a status means the run has ended, one way or another. */
export function isSettled(status: RunStatus): boolean {
  return !isRunning(status) && status !== 'idle'
}
