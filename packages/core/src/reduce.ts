import type {
  AgentEvent,
  AgentStreamError,
  DataPartEvent,
  HandoffEvent,
  ProtocolName,
  ToolApprovalRequestEvent,
  ToolCallArgsDeltaEvent,
  ToolCallEndEvent,
  ToolCallStartEvent,
} from './events'
import type {
  Message,
  MessagePart,
  PendingApproval,
  ReasoningPart,
  RefusalPart,
  RunState,
  TextPart,
  ToolCall,
} from './state'
import { isRunning, isSettled } from './state'
import { applyJsonPatch } from './utils/json-patch'
import { parsePartialJson } from './utils/partial-json'
import { safeJsonParse } from './utils/safe-json'

/** The user sent a message; it joins the conversation before the request goes out. */
export interface UserMessageEvent {
  type: 'user-message'
  id: string
  text: string
}

/** A request is on its way. Clears the previous run's error and pending approvals. */
export interface RequestStartEvent {
  type: 'request-start'
}

/** The response arrived and its protocol is known. */
export interface RequestOpenEvent {
  type: 'request-open'
  protocol: ProtocolName
}

/** The connection dropped and the transport is resuming. */
export interface RequestReconnectEvent {
  type: 'request-reconnect'
  attempt: number
}

/** The user stopped the run. */
export interface RequestStopEvent {
  type: 'request-stop'
}

/** The stream ended (end of body) without the decoder reporting an outcome of its own. */
export interface RequestEndEvent {
  type: 'request-end'
}

/** The user approved or rejected a pending tool call. */
export interface ApprovalResponseEvent {
  type: 'approval-response'
  callId: string
  approved: boolean
  reason?: string
}

/**
 * Events the store itself dispatches around the wire events.
 *
 * @example
 * ```ts
 * const event: ClientEvent = { type: 'user-message', id: 'u1', text: 'Hello' }
 * ```
 */
export type ClientEvent =
  | UserMessageEvent
  | RequestStartEvent
  | RequestOpenEvent
  | RequestReconnectEvent
  | RequestStopEvent
  | RequestEndEvent
  | ApprovalResponseEvent

/**
 * Everything {@link reduce} accepts.
 *
 * @example
 * ```ts
 * const events: RunEvent[] = [{ type: 'request-start' }, { type: 'text-delta', messageId: 'm', delta: 'Hi' }]
 * ```
 */
export type RunEvent = AgentEvent | ClientEvent

/**
 * The pure reducer: `(state, event) → state`. Never mutates; returns the same object when an event
 * changes nothing; a token copies only the streaming message and the state's top level, never the
 * history.
 *
 * @example
 * ```ts
 * let state = initialRunState
 * for (const event of events) state = reduce(state, event)
 * ```
 */
export function reduce(state: RunState, event: RunEvent): RunState {
  switch (event.type) {
    case 'run-start':
      return withStreaming({
        ...state,
        runId: event.runId ?? state.runId,
        threadId: event.threadId ?? state.threadId,
      })
    case 'run-finish':
      if (isFinal(state)) return state
      return settleStreaming({
        ...state,
        // A run that ends with calls still waiting for a human is interrupted, whatever it says.
        status: event.outcome === 'done' && state.approvals.length > 0 ? 'interrupted' : event.outcome,
      })
    case 'run-error':
      return isFinal(state) ? state : settleStreaming({ ...state, status: 'error', error: event.error })
    case 'agent-update':
      return state.agent === null
        ? backfillAgent(withStreaming({ ...state, agent: event.agent }), event.agent)
        : switchAgent(state, event.agent)
    case 'message-start':
      return extendBlock(
        event.agent ? switchAgent(state, event.agent) : state,
        'text',
        event.messageId,
        '',
        // `null` from the protocol: this block has no named speaker.
        event.agent === null,
      )
    case 'text-delta':
      return event.delta ? extendBlock(state, 'text', event.messageId, event.delta) : state
    case 'message-end':
      return endBlock(state, 'text', event.messageId)
    case 'reasoning-start':
      return extendBlock(state, 'reasoning', event.reasoningId, '')
    case 'reasoning-delta':
      return event.delta ? extendBlock(state, 'reasoning', event.reasoningId, event.delta) : state
    case 'reasoning-end':
      return endBlock(state, 'reasoning', event.reasoningId)
    case 'refusal-delta':
      return event.delta ? extendBlock(state, 'refusal', event.refusalId, event.delta) : state
    case 'tool-call-start':
      return handleToolCallStart(state, event)
    case 'tool-call-args-delta':
      return handleToolCallArgsDelta(state, event)
    case 'tool-call-end':
      return handleToolCallEnd(state, event)
    case 'tool-call-result':
      return settleToolCall(state, event, ({ preliminary: _previous, ...call }) =>
        event.preliminary
          ? { ...call, output: event.output, status: 'running', preliminary: true }
          : {
              ...call,
              output: event.output,
              status: event.denied ? 'denied' : 'done',
              endedAt: event.at ?? call.endedAt,
            },
      )
    case 'tool-call-error':
      return settleToolCall(state, event, (call) => ({
        ...call,
        error: event.error,
        status: 'error',
        endedAt: event.at ?? call.endedAt,
      }))
    case 'tool-call-denied':
      return settleToolCall(state, event, (call) => ({
        ...call,
        status: 'denied',
        deniedReason: event.reason ?? call.deniedReason,
        endedAt: event.at ?? call.endedAt,
      }))
    case 'tool-approval-request':
      return handleToolApprovalRequest(state, event)
    case 'handoff':
      return handleHandoff(state, event)
    case 'state-snapshot':
      return withStreaming({ ...state, sharedState: event.snapshot })
    case 'state-patch': {
      const sharedState = applyJsonPatch(state.sharedState ?? {}, event.patch)
      return withStreaming(sharedState === state.sharedState ? state : { ...state, sharedState })
    }
    case 'data-part':
      return event.transient ? state : handleDataPart(state, event)
    case 'metadata':
      return withStreaming({ ...state, metadata: { ...state.metadata, ...event.metadata } })
    case 'usage':
      return withStreaming({ ...state, usage: event.usage })
    case 'step-start':
      return withStreaming({ ...state, step: event.name ?? null })
    case 'step-end':
      return state.step === null ? state : { ...state, step: null }
    case 'frame-skipped':
      return { ...state, skippedFrames: state.skippedFrames + 1 }
    case 'unknown':
      return state
    case 'user-message':
      return handleUserMessage(state, event)
    case 'request-start':
      return settleStreaming({ ...state, status: 'connecting', error: null, approvals: [], step: null })
    case 'request-open':
      return withStreaming(state.protocol === event.protocol ? state : { ...state, protocol: event.protocol })
    case 'request-reconnect':
      return state.status === 'reconnecting' ? state : { ...state, status: 'reconnecting' }
    case 'request-stop':
      return isRunning(state.status) ? settleStreaming({ ...state, status: 'stopped' }) : state
    case 'request-end':
      // No terminal event came: the run did not finish.
      return isSettled(state.status)
        ? state
        : settleStreaming({ ...state, status: 'error', error: truncated })
    case 'approval-response':
      return handleApprovalResponse(state, event)
    default:
      return assertNever(event)
  }
}

function assertNever(event: never): never {
  throw new Error(`reduce: unhandled event ${JSON.stringify(event)}`)
}

/** The error of a stream that ended before its run did. */
export const truncated: AgentStreamError = {
  kind: 'truncated',
  message: 'The stream ended before the run finished.',
}

/** An error or a stop is final: a protocol's trailing `finish` or error after it does not undo it. */
function isFinal(state: RunState): boolean {
  return state.status === 'error' || state.status === 'stopped'
}

/** A frame arrived: a run that was idle, connecting or reconnecting is streaming again. */
function withStreaming(state: RunState): RunState {
  return ['idle', 'connecting', 'reconnecting'].includes(state.status)
    ? { ...state, status: 'streaming' }
    : state
}

function handleUserMessage(state: RunState, event: UserMessageEvent): RunState {
  const settled = settleStreaming(state)
  const message: Message = {
    id: event.id,
    role: 'user',
    agent: null,
    status: 'done',
    parts: [{ type: 'text', id: event.id, text: event.text, agent: null, state: 'done' }],
  }
  // A new turn: the agent and the handoff trail are the new run's (the server names its first agent).
  const fresh = settled.handoffs.length > 0 ? { agent: null, handoffs: [] } : { agent: null }
  return { ...settled, ...fresh, messages: [...settled.messages, message] }
}

/** Moves the streaming message into the settled list, closing its open parts. */
function settleStreaming(state: RunState): RunState {
  const message = state.streamingMessage
  if (!message) return state
  const parts = message.parts.map((part) =>
    'state' in part && part.state === 'streaming' ? { ...part, state: 'done' as const } : part,
  )
  const settled: Message = { ...message, parts, status: 'done' }
  const toolCalls = settleStreamingToolCalls(state)
  return { ...state, toolCalls, streamingMessage: null, messages: [...state.messages, settled] }
}

/** Tool calls whose arguments were still streaming when the run ended keep what parsed. */
function settleStreamingToolCalls(state: RunState): RunState['toolCalls'] {
  let toolCalls = state.toolCalls
  if (isRunning(state.status) || state.status === 'interrupted') return toolCalls
  for (const part of state.streamingMessage?.parts ?? []) {
    const call = part.type === 'tool-call' ? toolCalls[part.callId] : undefined
    if (call?.status === 'streaming-arguments') {
      toolCalls = {
        ...toolCalls,
        [call.callId]: { ...call, status: state.status === 'error' ? 'error' : 'running' },
      }
    }
  }
  return toolCalls
}

/**
 * A new assistant message. Its id is made from the first part's and the message's position, because
 * protocols reuse part ids across turns (the AI SDK's `txt-0`) and message ids must be unique keys.
 */
function newAssistantMessage(state: RunState, partId: string, agent: string | null): Message {
  return {
    id: `${partId}#${state.messages.length}`,
    role: 'assistant',
    agent,
    parts: [],
    status: 'streaming',
  }
}

type StreamingState = RunState & { streamingMessage: Message }

/** Returns state with a streaming assistant message (a new one, with this id, for the current agent). */
function ensureStreaming(state: RunState, id: string): StreamingState {
  const running = withStreaming(state)
  if (running.streamingMessage) return running as StreamingState
  return { ...running, streamingMessage: newAssistantMessage(running, id, running.agent) }
}

function findPartIndex(message: Message, type: MessagePart['type'], id: string): number {
  const parts = message.parts
  // The part being extended is almost always the last one.
  for (let index = parts.length - 1; index >= 0; index--) {
    const part = parts[index]!
    if (part.type === type && 'id' in part && part.id === id) return index
  }
  return -1
}

/** The state with the streaming message's part at `index` replaced (or, at -1, `part` appended). */
function withPart(state: StreamingState, index: number, part: MessagePart): RunState {
  const parts = state.streamingMessage.parts.slice()
  parts.splice(index < 0 ? parts.length : index, 1, part)
  return { ...state, streamingMessage: { ...state.streamingMessage, parts } }
}

/** Another agent speaks from now on: what the previous one said settles. */
function switchAgent(state: RunState, agent: string): RunState {
  if (state.agent === agent) return state
  const settled =
    state.agent !== null && state.streamingMessage?.parts.length ? settleStreaming(state) : state
  return withStreaming({ ...settled, agent })
}

/** The first agent's name often arrives after its first tokens: attribute them now. */
function backfillAgent(state: RunState, agent: string): RunState {
  const message = state.streamingMessage
  if (message?.agent !== null) return state
  let toolCalls = state.toolCalls
  const parts = message.parts.map((part) => {
    if (part.type === 'text' && part.agent === null) return { ...part, agent }
    const call = part.type === 'tool-call' ? toolCalls[part.callId] : undefined
    if (call && call.agent === null) toolCalls = { ...toolCalls, [call.callId]: { ...call, agent } }
    return part
  })
  return { ...state, streamingMessage: { ...message, agent, parts }, toolCalls }
}

type BlockPart = TextPart | ReasoningPart | RefusalPart

/**
 * Text, reasoning and refusal blocks grow the same way: the first start or delta for an id opens
 * the block in the streaming message, later deltas append to it. A text block is the current
 * agent's unless the protocol said it has no speaker.
 */
function extendBlock(
  state: RunState,
  type: BlockPart['type'],
  id: string,
  delta: string,
  speakerless = false,
): RunState {
  const next = ensureStreaming(state, id)
  const index = findPartIndex(next.streamingMessage, type, id)
  if (index < 0) {
    const part: BlockPart =
      type === 'text'
        ? { type, id, text: delta, agent: speakerless ? null : next.agent, state: 'streaming' }
        : type === 'reasoning'
          ? { type, id, text: delta, state: 'streaming' }
          : { type, id, text: delta }
    return withPart(next, -1, part)
  }
  if (!delta) return next
  const part = next.streamingMessage.parts[index] as BlockPart
  return withPart(next, index, { ...part, text: part.text + delta })
}

/** Closes a text or reasoning block; nothing changes when it is unknown or already closed. */
function endBlock(state: RunState, type: 'text' | 'reasoning', id: string): RunState {
  const message = state.streamingMessage
  const index = message ? findPartIndex(message, type, id) : -1
  const part = message?.parts[index] as TextPart | ReasoningPart | undefined
  if (!part || part.state === 'done') return state
  return withPart(state as StreamingState, index, { ...part, state: 'done' })
}

function putToolCall(state: RunState, call: ToolCall): RunState {
  return { ...state, toolCalls: { ...state.toolCalls, [call.callId]: call } }
}

/** Creates the call (and its part in the streaming message) when it is new. */
function ensureToolCall(
  state: RunState,
  callId: string,
  name: string,
  agent?: string | null,
  startedAt?: number,
): RunState {
  if (state.toolCalls[callId]) return state
  const next = ensureStreaming(state, callId)
  const call: ToolCall = {
    callId,
    name,
    agent: agent === undefined ? next.agent : agent,
    status: 'streaming-arguments',
    argsText: '',
    args: undefined,
    startedAt,
  }
  return {
    ...withPart(next, -1, { type: 'tool-call', callId }),
    toolCalls: { ...next.toolCalls, [callId]: call },
    toolCallIds: [...next.toolCallIds, callId],
  }
}

function handleToolCallStart(state: RunState, event: ToolCallStartEvent): RunState {
  const existing = state.toolCalls[event.callId]
  if (existing) {
    return existing.name || !event.name ? state : putToolCall(state, { ...existing, name: event.name })
  }
  return ensureToolCall(state, event.callId, event.name, event.agent, event.at)
}

// Re-parsing growing arguments on every delta would be quadratic: past a few KB, parse again only
// once the text has grown by a quarter since the last parse.
const partialParseLimit = 4096
const argsParsedLength = new WeakMap<ToolCall, number>()

function handleToolCallArgsDelta(state: RunState, event: ToolCallArgsDeltaEvent): RunState {
  if (event.delta === '') return state
  const next = ensureToolCall(state, event.callId, '')
  const call = next.toolCalls[event.callId]!
  if (call.status !== 'streaming-arguments') return next
  const argsText = call.argsText + event.delta
  const parsedAt = argsParsedLength.get(call) ?? 0
  const reparse = argsText.length <= partialParseLimit || argsText.length - parsedAt >= parsedAt / 4
  const updated: ToolCall = { ...call, argsText, args: reparse ? parsePartialJson(argsText) : call.args }
  argsParsedLength.set(updated, reparse ? argsText.length : parsedAt)
  return putToolCall(next, updated)
}

function handleToolCallEnd(state: RunState, event: ToolCallEndEvent): RunState {
  const next = ensureToolCall(state, event.callId, event.name ?? '', event.agent, event.at)
  const call = next.toolCalls[event.callId]!
  const argsText = event.argsText ?? call.argsText
  let args: unknown = event.args
  if (args === undefined) {
    const parsed = safeJsonParse(argsText)
    args = parsed.ok ? parsed.value : argsText === '' ? undefined : parsePartialJson(argsText)
  }
  return putToolCall(next, {
    ...call,
    name: call.name || event.name || '',
    agent: event.agent ?? call.agent,
    argsText,
    args,
    status: call.status === 'streaming-arguments' ? 'running' : call.status,
  })
}

function removeApproval(state: RunState, callId: string): readonly PendingApproval[] {
  return state.approvals.some((approval) => approval.callId === callId)
    ? state.approvals.filter((approval) => approval.callId !== callId)
    : state.approvals
}

/** A call's result, error or denial: the call settles and no longer waits for a human. */
function settleToolCall(
  state: RunState,
  event: { callId: string; at?: number },
  settle: (call: ToolCall) => ToolCall,
): RunState {
  const next = withStreaming(ensureToolCall(state, event.callId, '', undefined, event.at))
  const updated = settle(next.toolCalls[event.callId]!)
  return { ...putToolCall(next, updated), approvals: removeApproval(next, event.callId) }
}

function handleToolApprovalRequest(state: RunState, event: ToolApprovalRequestEvent): RunState {
  const next = ensureToolCall(state, event.callId, event.name ?? '')
  const call = next.toolCalls[event.callId]!
  if (call.status === 'done' || call.status === 'error' || call.status === 'denied') return next
  const args = event.args !== undefined ? event.args : call.args
  const name = call.name || event.name || ''
  const approval: PendingApproval = {
    callId: event.callId,
    name,
    args,
    approvalId: event.approvalId,
    message: event.message,
  }
  return {
    ...putToolCall(next, {
      ...call,
      name,
      args,
      status: 'awaiting-approval',
      approvalId: event.approvalId ?? call.approvalId,
    }),
    approvals: [...removeApproval(next, event.callId), approval],
  }
}

function handleApprovalResponse(state: RunState, event: ApprovalResponseEvent): RunState {
  const call = state.toolCalls[event.callId]
  const approvals = removeApproval(state, event.callId)
  if (!call) return approvals === state.approvals ? state : { ...state, approvals }
  const updated: ToolCall = event.approved
    ? { ...call, status: 'running' }
    : { ...call, status: 'denied', deniedReason: event.reason ?? call.deniedReason }
  return { ...putToolCall(state, updated), approvals }
}

function handleHandoff(state: RunState, event: HandoffEvent): RunState {
  const from = event.from ?? state.agent
  const handoff = { from, to: event.to }
  const settled = state.streamingMessage?.parts.length ? settleStreaming(state) : state
  const base = withStreaming({ ...settled, agent: event.to, handoffs: [...settled.handoffs, handoff] })
  const message = base.streamingMessage ?? newAssistantMessage(base, 'handoff', event.to)
  return withPart({ ...base, streamingMessage: { ...message, agent: event.to } }, -1, {
    type: 'handoff',
    from,
    to: event.to,
  })
}

/** Data parts with an id replace the earlier part of the same type and id. */
function handleDataPart(state: RunState, event: DataPartEvent): RunState {
  const next = ensureStreaming(state, `data-${event.dataType}-${event.id ?? ''}`)
  const index =
    event.id === undefined
      ? -1
      : next.streamingMessage.parts.findIndex(
          (part) => part.type === 'data' && part.dataType === event.dataType && part.id === event.id,
        )
  return withPart(next, index, { type: 'data', dataType: event.dataType, data: event.data, id: event.id })
}
