import type {
  AgentEvent,
  AgentStreamError,
  AgentUpdateEvent,
  DataPartEvent,
  HandoffEvent,
  MessageEndEvent,
  MessageStartEvent,
  MetadataEvent,
  ProtocolName,
  ReasoningDeltaEvent,
  ReasoningEndEvent,
  ReasoningStartEvent,
  RefusalDeltaEvent,
  RunErrorEvent,
  RunFinishEvent,
  RunStartEvent,
  StatePatchEvent,
  TextDeltaEvent,
  ToolApprovalRequestEvent,
  ToolCallArgsDeltaEvent,
  ToolCallDeniedEvent,
  ToolCallEndEvent,
  ToolCallErrorEvent,
  ToolCallResultEvent,
  ToolCallStartEvent,
} from './events'
import type { Message, MessagePart, PendingApproval, RunState, ToolCall } from './state'
import { isRunning } from './state'
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
      return handleRunStart(state, event)
    case 'run-finish':
      return handleRunFinish(state, event)
    case 'run-error':
      return handleRunError(state, event)
    case 'agent-update':
      return handleAgentUpdate(state, event)
    case 'message-start':
      return handleMessageStart(state, event)
    case 'text-delta':
      return handleTextDelta(state, event)
    case 'message-end':
      return handleMessageEnd(state, event)
    case 'reasoning-start':
      return handleReasoningStart(state, event)
    case 'reasoning-delta':
      return handleReasoningDelta(state, event)
    case 'reasoning-end':
      return handleReasoningEnd(state, event)
    case 'refusal-delta':
      return handleRefusalDelta(state, event)
    case 'tool-call-start':
      return handleToolCallStart(state, event)
    case 'tool-call-args-delta':
      return handleToolCallArgsDelta(state, event)
    case 'tool-call-end':
      return handleToolCallEnd(state, event)
    case 'tool-call-result':
      return handleToolCallResult(state, event)
    case 'tool-call-error':
      return handleToolCallError(state, event)
    case 'tool-call-denied':
      return handleToolCallDenied(state, event)
    case 'tool-approval-request':
      return handleToolApprovalRequest(state, event)
    case 'handoff':
      return handleHandoff(state, event)
    case 'state-snapshot':
      return withStreaming({ ...state, sharedState: event.snapshot })
    case 'state-patch':
      return handleStatePatch(state, event)
    case 'data-part':
      return handleDataPart(state, event)
    case 'metadata':
      return handleMetadata(state, event)
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
      return handleRequestStart(state)
    case 'request-open':
      return handleRequestOpen(state, event)
    case 'request-reconnect':
      return state.status === 'reconnecting' ? state : { ...state, status: 'reconnecting' }
    case 'request-stop':
      return handleRequestStop(state)
    case 'request-end':
      return handleRequestEnd(state)
    case 'approval-response':
      return handleApprovalResponse(state, event)
    default:
      return assertNever(event)
  }
}

function assertNever(event: never): never {
  throw new Error(`reduce: unhandled event ${JSON.stringify(event)}`)
}

/** A frame arrived: a run that was connecting or reconnecting is streaming again. */
function withStreaming(state: RunState): RunState {
  return state.status === 'connecting' || state.status === 'reconnecting' || state.status === 'idle'
    ? { ...state, status: 'streaming' }
    : state
}

function handleRunStart(state: RunState, event: RunStartEvent): RunState {
  return withStreaming({
    ...state,
    runId: event.runId ?? state.runId,
    threadId: event.threadId ?? state.threadId,
  })
}

function isSettled(state: RunState): boolean {
  return (
    state.status === 'done' ||
    state.status === 'error' ||
    state.status === 'stopped' ||
    state.status === 'interrupted' ||
    state.status === 'incomplete'
  )
}

function handleRunFinish(state: RunState, event: RunFinishEvent): RunState {
  // An error or a stop is final: a protocol's trailing `finish` after an error does not undo it.
  if (state.status === 'error' || state.status === 'stopped') return state
  const outcome = event.outcome === 'done' && state.approvals.length > 0 ? 'interrupted' : event.outcome
  return settleStreaming({ ...state, status: outcome })
}

function handleRunError(state: RunState, event: RunErrorEvent): RunState {
  if (state.status === 'error' || state.status === 'stopped') return state
  return settleStreaming({ ...state, status: 'error', error: event.error })
}

function handleRequestEnd(state: RunState): RunState {
  if (isSettled(state)) return state
  const error: AgentStreamError = {
    kind: 'truncated',
    message: 'The stream ended before the run finished.',
  }
  return settleStreaming({ ...state, status: 'error', error })
}

function handleRequestStop(state: RunState): RunState {
  if (!isRunning(state.status)) return state
  return settleStreaming({ ...state, status: 'stopped' })
}

function handleRequestStart(state: RunState): RunState {
  return settleStreaming({ ...state, status: 'connecting', error: null, approvals: [], step: null })
}

function handleRequestOpen(state: RunState, event: RequestOpenEvent): RunState {
  return withStreaming(state.protocol === event.protocol ? state : { ...state, protocol: event.protocol })
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
  return { ...settled, messages: [...settled.messages, message] }
}

/** Moves the streaming message into the settled list, closing its open parts. */
function settleStreaming(state: RunState): RunState {
  const message = state.streamingMessage
  if (!message) return state
  const parts = message.parts.map((part) =>
    (part.type === 'text' || part.type === 'reasoning') && part.state === 'streaming'
      ? { ...part, state: 'done' as const }
      : part,
  )
  const settled: Message = { ...message, parts, status: 'done' }
  const toolCalls = settleStreamingToolCalls(state)
  return { ...state, toolCalls, streamingMessage: null, messages: [...state.messages, settled] }
}

/** Tool calls whose arguments were still streaming when the run ended keep what parsed. */
function settleStreamingToolCalls(state: RunState): RunState['toolCalls'] {
  if (state.status === 'streaming' || state.status === 'connecting' || state.status === 'reconnecting')
    return state.toolCalls
  let toolCalls = state.toolCalls
  for (const part of state.streamingMessage?.parts ?? []) {
    if (part.type !== 'tool-call') continue
    const call = toolCalls[part.callId]
    if (call?.status === 'streaming-arguments' && state.status !== 'interrupted') {
      toolCalls = {
        ...toolCalls,
        [call.callId]: { ...call, status: state.status === 'error' ? 'error' : 'running' },
      }
    }
  }
  return toolCalls
}

function newAssistantMessage(id: string, agent: string | null): Message {
  return { id, role: 'assistant', agent, parts: [], status: 'streaming' }
}

/** Returns state with a streaming assistant message for `agent`, and that message. */
function ensureStreaming(state: RunState, id: string): RunState & { streamingMessage: Message } {
  const running = withStreaming(state)
  if (running.streamingMessage) return running as RunState & { streamingMessage: Message }
  return { ...running, streamingMessage: newAssistantMessage(id, running.agent) }
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

function replacePart(message: Message, index: number, part: MessagePart): Message {
  const parts = message.parts.slice()
  parts[index] = part
  return { ...message, parts }
}

function appendPart(message: Message, part: MessagePart): Message {
  return { ...message, parts: [...message.parts, part] }
}

function handleAgentUpdate(state: RunState, event: AgentUpdateEvent): RunState {
  if (state.agent === null) return backfillAgent(withStreaming({ ...state, agent: event.agent }), event.agent)
  return switchAgent(state, event.agent)
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
  let toolCalls = state.toolCalls
  let streamingMessage = message
  if (message && message.agent === null) {
    const parts = message.parts.map((part) => {
      if (part.type === 'text' && part.agent === null) return { ...part, agent }
      if (part.type === 'tool-call') {
        const call = toolCalls[part.callId]
        if (call && call.agent === null) toolCalls = { ...toolCalls, [call.callId]: { ...call, agent } }
      }
      return part
    })
    streamingMessage = { ...message, agent, parts }
  }
  return { ...state, streamingMessage, toolCalls }
}

function handleMessageStart(state: RunState, event: MessageStartEvent): RunState {
  const next = event.agent ? switchAgent(state, event.agent) : state
  const withMessage = ensureStreaming(next, event.messageId)
  const message = withMessage.streamingMessage
  if (findPartIndex(message, 'text', event.messageId) >= 0) return withMessage
  const part: MessagePart = {
    type: 'text',
    id: event.messageId,
    text: '',
    // `null` from the protocol: this block has no named speaker.
    agent: event.agent === null ? null : withMessage.agent,
    state: 'streaming',
  }
  return { ...withMessage, streamingMessage: appendPart(message, part) }
}

function handleTextDelta(state: RunState, event: TextDeltaEvent): RunState {
  if (event.delta === '') return state
  const next = ensureStreaming(state, event.messageId)
  const message = next.streamingMessage
  const index = findPartIndex(message, 'text', event.messageId)
  if (index < 0) {
    const part: MessagePart = {
      type: 'text',
      id: event.messageId,
      text: event.delta,
      agent: next.agent,
      state: 'streaming',
    }
    return { ...next, streamingMessage: appendPart(message, part) }
  }
  const part = message.parts[index] as Extract<MessagePart, { type: 'text' }>
  return {
    ...next,
    streamingMessage: replacePart(message, index, { ...part, text: part.text + event.delta }),
  }
}

function handleMessageEnd(state: RunState, event: MessageEndEvent): RunState {
  const message = state.streamingMessage
  if (!message) return state
  const index = findPartIndex(message, 'text', event.messageId)
  if (index < 0) return state
  const part = message.parts[index] as Extract<MessagePart, { type: 'text' }>
  if (part.state === 'done') return state
  return { ...state, streamingMessage: replacePart(message, index, { ...part, state: 'done' }) }
}

function handleReasoningStart(state: RunState, event: ReasoningStartEvent): RunState {
  const next = ensureStreaming(state, event.reasoningId)
  const message = next.streamingMessage
  if (findPartIndex(message, 'reasoning', event.reasoningId) >= 0) return next
  return {
    ...next,
    streamingMessage: appendPart(message, {
      type: 'reasoning',
      id: event.reasoningId,
      text: '',
      state: 'streaming',
    }),
  }
}

function handleReasoningDelta(state: RunState, event: ReasoningDeltaEvent): RunState {
  if (event.delta === '') return state
  const next = ensureStreaming(state, event.reasoningId)
  const message = next.streamingMessage
  const index = findPartIndex(message, 'reasoning', event.reasoningId)
  if (index < 0) {
    return {
      ...next,
      streamingMessage: appendPart(message, {
        type: 'reasoning',
        id: event.reasoningId,
        text: event.delta,
        state: 'streaming',
      }),
    }
  }
  const part = message.parts[index] as Extract<MessagePart, { type: 'reasoning' }>
  return {
    ...next,
    streamingMessage: replacePart(message, index, { ...part, text: part.text + event.delta }),
  }
}

function handleReasoningEnd(state: RunState, event: ReasoningEndEvent): RunState {
  const message = state.streamingMessage
  if (!message) return state
  const index = findPartIndex(message, 'reasoning', event.reasoningId)
  if (index < 0) return state
  const part = message.parts[index] as Extract<MessagePart, { type: 'reasoning' }>
  if (part.state === 'done') return state
  return { ...state, streamingMessage: replacePart(message, index, { ...part, state: 'done' }) }
}

function handleRefusalDelta(state: RunState, event: RefusalDeltaEvent): RunState {
  if (event.delta === '') return state
  const next = ensureStreaming(state, event.refusalId)
  const message = next.streamingMessage
  const index = findPartIndex(message, 'refusal', event.refusalId)
  if (index < 0) {
    return {
      ...next,
      streamingMessage: appendPart(message, { type: 'refusal', id: event.refusalId, text: event.delta }),
    }
  }
  const part = message.parts[index] as Extract<MessagePart, { type: 'refusal' }>
  return {
    ...next,
    streamingMessage: replacePart(message, index, { ...part, text: part.text + event.delta }),
  }
}

function putToolCall(state: RunState, call: ToolCall): RunState {
  return { ...state, toolCalls: { ...state.toolCalls, [call.callId]: call } }
}

/** Creates the call (and its part in the streaming message) when it is new. */
function ensureToolCall(
  state: RunState,
  callId: string,
  name: string,
  agent: string | null | undefined,
  startedAt: number | undefined,
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
    ...(startedAt !== undefined ? { startedAt } : {}),
  }
  return {
    ...next,
    toolCalls: { ...next.toolCalls, [callId]: call },
    toolCallIds: [...next.toolCallIds, callId],
    streamingMessage: appendPart(next.streamingMessage, { type: 'tool-call', callId }),
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
  const next = ensureToolCall(state, event.callId, '', undefined, undefined)
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
  const status = call.status === 'streaming-arguments' ? 'running' : call.status
  return putToolCall(next, {
    ...call,
    name: call.name || event.name || '',
    agent: event.agent ?? call.agent,
    argsText,
    args,
    status,
  })
}

function removeApproval(state: RunState, callId: string): readonly PendingApproval[] {
  return state.approvals.some((approval) => approval.callId === callId)
    ? state.approvals.filter((approval) => approval.callId !== callId)
    : state.approvals
}

function handleToolCallResult(state: RunState, event: ToolCallResultEvent): RunState {
  const next = withStreaming(ensureToolCall(state, event.callId, '', undefined, event.at))
  const call = next.toolCalls[event.callId]!
  const denied = event.denied === true
  const { preliminary: _previous, ...rest } = call
  const updated: ToolCall = { ...rest, output: event.output, status: denied ? 'denied' : 'done' }
  if (event.preliminary) {
    updated.status = 'running'
    updated.preliminary = true
  } else if (event.at !== undefined) updated.endedAt = event.at
  return { ...putToolCall(next, updated), approvals: removeApproval(next, event.callId) }
}

function handleToolCallError(state: RunState, event: ToolCallErrorEvent): RunState {
  const next = withStreaming(ensureToolCall(state, event.callId, '', undefined, event.at))
  const call = next.toolCalls[event.callId]!
  const updated: ToolCall = {
    ...call,
    error: event.error,
    status: 'error',
    ...(event.at !== undefined ? { endedAt: event.at } : {}),
  }
  return { ...putToolCall(next, updated), approvals: removeApproval(next, event.callId) }
}

function handleToolCallDenied(state: RunState, event: ToolCallDeniedEvent): RunState {
  const next = withStreaming(ensureToolCall(state, event.callId, '', undefined, event.at))
  const call = next.toolCalls[event.callId]!
  const updated: ToolCall = {
    ...call,
    status: 'denied',
    ...(event.reason !== undefined ? { deniedReason: event.reason } : {}),
    ...(event.at !== undefined ? { endedAt: event.at } : {}),
  }
  return { ...putToolCall(next, updated), approvals: removeApproval(next, event.callId) }
}

function handleToolApprovalRequest(state: RunState, event: ToolApprovalRequestEvent): RunState {
  const next = ensureToolCall(state, event.callId, event.name ?? '', undefined, undefined)
  const call = next.toolCalls[event.callId]!
  if (call.status === 'done' || call.status === 'error' || call.status === 'denied') return next
  const args = event.args !== undefined ? event.args : call.args
  const updated: ToolCall = {
    ...call,
    name: call.name || event.name || '',
    args,
    status: 'awaiting-approval',
    ...(event.approvalId !== undefined ? { approvalId: event.approvalId } : {}),
  }
  const approval: PendingApproval = {
    callId: event.callId,
    name: updated.name,
    ...(args !== undefined ? { args } : {}),
    ...(event.approvalId !== undefined ? { approvalId: event.approvalId } : {}),
    ...(event.message !== undefined ? { message: event.message } : {}),
  }
  const approvals = [...removeApproval(next, event.callId), approval]
  return { ...putToolCall(next, updated), approvals }
}

function handleApprovalResponse(state: RunState, event: ApprovalResponseEvent): RunState {
  const call = state.toolCalls[event.callId]
  const approvals = removeApproval(state, event.callId)
  if (!call) return approvals === state.approvals ? state : { ...state, approvals }
  const updated: ToolCall = event.approved
    ? { ...call, status: 'running' }
    : { ...call, status: 'denied', ...(event.reason !== undefined ? { deniedReason: event.reason } : {}) }
  return { ...putToolCall(state, updated), approvals }
}

function handleHandoff(state: RunState, event: HandoffEvent): RunState {
  const from = event.from ?? state.agent
  const handoff = { from, to: event.to }
  const settled = state.streamingMessage?.parts.length ? settleStreaming(state) : state
  const base = withStreaming({ ...settled, agent: event.to, handoffs: [...settled.handoffs, handoff] })
  const message = base.streamingMessage ?? newAssistantMessage(`handoff-${base.handoffs.length}`, event.to)
  return {
    ...base,
    streamingMessage: appendPart({ ...message, agent: event.to }, { type: 'handoff', from, to: event.to }),
  }
}

function handleStatePatch(state: RunState, event: StatePatchEvent): RunState {
  const sharedState = applyJsonPatch(state.sharedState ?? {}, event.patch)
  return withStreaming(sharedState === state.sharedState ? state : { ...state, sharedState })
}

function handleDataPart(state: RunState, event: DataPartEvent): RunState {
  if (event.transient) return state
  const next = ensureStreaming(state, `data-${event.dataType}-${event.id ?? ''}`)
  const message = next.streamingMessage
  const part: MessagePart = {
    type: 'data',
    dataType: event.dataType,
    data: event.data,
    ...(event.id !== undefined ? { id: event.id } : {}),
  }
  if (event.id !== undefined) {
    const index = message.parts.findIndex(
      (candidate) =>
        candidate.type === 'data' && candidate.dataType === event.dataType && candidate.id === event.id,
    )
    if (index >= 0) return { ...next, streamingMessage: replacePart(message, index, part) }
  }
  return { ...next, streamingMessage: appendPart(message, part) }
}

function handleMetadata(state: RunState, event: MetadataEvent): RunState {
  return withStreaming({ ...state, metadata: { ...state.metadata, ...event.metadata } })
}
