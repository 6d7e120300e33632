import type {
  AgentEvent,
  AgentStreamError,
  DataPartEvent,
  HandoffEvent,
  ProtocolName,
  ToolApprovalRequestEvent,
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

/** The user sent a message; it joins the conversation before the request goes out. */
export interface UserMessageEvent {
  type: 'user-message'
  id: string
  text: string
}

/**
 * A request is on its way. Clears the previous run's error and pending approvals. With `resume`, it
 * continues a run whose connection failed: the message and the calls the failure cut off go on.
 */
export interface RequestStartEvent {
  type: 'request-start'
  resume?: boolean
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
        finishReason: event.reason ?? null,
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
      return updateToolCall(state, event, (call) =>
        call.name || !event.name ? call : { ...call, name: event.name },
      )
    case 'tool-call-args-delta':
      return event.delta ? updateToolCall(state, event, (call) => growArgs(call, event.delta)) : state
    case 'tool-call-end':
      return updateToolCall(state, event, (call) => {
        const argsText = event.argsText ?? call.argsText
        const name = call.name || event.name || ''
        const agent = event.agent ?? call.agent
        // A protocol that confirms a call twice (the Agents SDK) changes nothing the second time.
        if (
          call.status !== 'streaming-arguments' &&
          event.args === undefined &&
          argsText === call.argsText &&
          name === call.name &&
          agent === call.agent
        )
          return call
        return {
          ...call,
          name,
          agent,
          argsText,
          args: event.args !== undefined ? event.args : parsePartialJson(argsText),
          status: call.status === 'streaming-arguments' ? 'running' : call.status,
        }
      })
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
      return withStreaming(
        state.step === (event.name ?? null) ? state : { ...state, step: event.name ?? null },
      )
    case 'step-end':
      return state.step === null ? state : { ...state, step: null }
    case 'frame-skipped':
      return { ...state, skippedFrames: state.skippedFrames + 1 }
    case 'unknown':
      return state
    case 'user-message':
      return handleUserMessage(state, event)
    case 'request-start':
      return handleRequestStart(state, event)
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
      throw new Error(`reduce: unhandled event ${JSON.stringify(event satisfies never)}`)
  }
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
  return state.status === 'streaming' || isSettled(state.status) ? state : { ...state, status: 'streaming' }
}

function handleRequestStart(state: RunState, event: RequestStartEvent): RunState {
  const starting: RunState = {
    ...state,
    status: 'connecting',
    error: null,
    finishReason: null,
    approvals: [],
    step: null,
  }
  const last = state.messages.at(-1)
  if (!event.resume || state.status !== 'error' || last?.status !== 'error') return settleStreaming(starting)
  // What the failure cut off was the run's, not a tool's (a tool's failure carries its `error`).
  const toolCalls = withCallStatus(state.toolCalls, (call) =>
    call.status === 'error' && call.error === undefined ? 'running' : undefined,
  )
  return {
    ...starting,
    toolCalls,
    messages: state.messages.slice(0, -1),
    streamingMessage: { ...last, status: 'streaming' },
  }
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
  return {
    ...settled,
    agent: null,
    handoffs: settled.handoffs.length ? [] : settled.handoffs,
    messages: [...settled.messages, message],
  }
}

/** The tool calls of the streaming message passed through `update` (which returns a call unchanged). */
function updateMessageCalls(state: RunState, update: (call: ToolCall) => ToolCall): RunState['toolCalls'] {
  let toolCalls = state.toolCalls
  for (const part of state.streamingMessage?.parts ?? []) {
    const call = part.type === 'tool-call' ? toolCalls[part.callId] : undefined
    const updated = call && update(call)
    if (updated !== call) toolCalls = { ...toolCalls, [call!.callId]: updated! }
  }
  return toolCalls
}

/**
 * Moves the streaming message into the settled list, closing its open parts. When the run has
 * ended, calls still under way settle with it — in any message, as a handoff may have moved them:
 * a stop or an error cuts them off; after a clean end, calls whose arguments were streaming keep
 * what parsed and count as running (the caller runs Chat Completions and Responses tools).
 */
function settleStreaming(state: RunState): RunState {
  const message = state.streamingMessage
  const { status } = state
  // A stop or an error (`isFinal`) cuts off what was under way, and says which it was.
  const settledAs = status === 'error' || status === 'stopped' ? status : 'running'
  const cut = settledAs !== 'running'
  const toolCalls =
    isRunning(status) || status === 'interrupted'
      ? state.toolCalls
      : withCallStatus(state.toolCalls, (call) =>
          call.status === 'streaming-arguments' || (cut && call.status === 'running') ? settledAs : undefined,
        )
  if (!message) return toolCalls === state.toolCalls ? state : { ...state, toolCalls }
  const parts = message.parts.map((part) =>
    'state' in part && part.state === 'streaming' ? { ...part, state: 'done' as const } : part,
  )
  return {
    ...state,
    toolCalls,
    streamingMessage: null,
    messages: [...state.messages, { ...message, parts, status: cut ? settledAs : 'done' }],
  }
}

/** The calls with the status `next` gives (`undefined`: unchanged); the same object when none changes. */
function withCallStatus(
  calls: RunState['toolCalls'],
  next: (call: ToolCall) => ToolCall['status'] | undefined,
): RunState['toolCalls'] {
  let changed: Record<string, ToolCall> | undefined
  for (const call of Object.values(calls)) {
    const status = next(call)
    if (status === undefined) continue
    changed ??= { ...calls }
    changed[call.callId] = { ...call, status }
  }
  return changed ?? calls
}

type StreamingState = RunState & { streamingMessage: Message }

/**
 * Returns state with a streaming assistant message: a new one for the current agent when there is
 * none. Its id is made from the first part's and the message's position, because protocols reuse
 * part ids across turns (the AI SDK's `txt-0`) and message ids must be unique keys.
 */
function ensureStreaming(state: RunState, partId: string): StreamingState {
  const running = withStreaming(state)
  if (running.streamingMessage) return running as StreamingState
  const message: Message = {
    id: `${partId}#${running.messages.length}`,
    role: 'assistant',
    agent: running.agent,
    parts: [],
    status: 'streaming',
  }
  return { ...running, streamingMessage: message }
}

/** The index of the streaming message's last part that `matches`, or -1. */
function findPart(state: RunState, matches: (part: MessagePart) => boolean): number {
  const parts = state.streamingMessage?.parts ?? []
  // The part being extended is almost always the last one.
  let index = parts.length
  while (index-- && !matches(parts[index]!));
  return index
}

/** The state with the streaming message's part at `index` replaced (or, at -1, `part` appended). */
function withPart(state: RunState, index: number, part: MessagePart): RunState {
  const message = state.streamingMessage!
  const parts = message.parts.slice()
  parts.splice(index < 0 ? parts.length : index, 1, part)
  return { ...state, streamingMessage: { ...message, parts } }
}

/** Another agent speaks from now on: what the previous one said settles. */
function switchAgent(state: RunState, agent: string): RunState {
  if (state.agent === agent) return state
  return withStreaming({ ...(state.agent === null ? state : settleStreaming(state)), agent })
}

/** The first agent's name often arrives after its first tokens: attribute them now. */
function backfillAgent(state: RunState, agent: string): RunState {
  const message = state.streamingMessage
  if (message?.agent !== null) return state
  const parts = message.parts.map((part) =>
    part.type === 'text' && part.agent === null ? { ...part, agent } : part,
  )
  return {
    ...state,
    streamingMessage: { ...message, agent, parts },
    toolCalls: updateMessageCalls(state, (call) => (call.agent === null ? { ...call, agent } : call)),
  }
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
  const index = findPart(next, (part) => part.type === type && part.id === id)
  if (index >= 0) {
    const part = next.streamingMessage.parts[index] as BlockPart
    return delta ? withPart(next, index, { ...part, text: part.text + delta }) : next
  }
  const part: BlockPart =
    type === 'text'
      ? { type, id, text: delta, agent: speakerless ? null : next.agent, state: 'streaming' }
      : type === 'reasoning'
        ? { type, id, text: delta, state: 'streaming' }
        : { type, id, text: delta }
  return withPart(next, -1, part)
}

/** Closes a text or reasoning block; nothing changes when it is unknown or already closed. */
function endBlock(state: RunState, type: 'text' | 'reasoning', id: string): RunState {
  const index = findPart(state, (part) => part.type === type && part.id === id)
  const part = state.streamingMessage?.parts[index] as TextPart | ReasoningPart | undefined
  return !part || part.state === 'done' ? state : withPart(state, index, { ...part, state: 'done' })
}

/** The fields of the tool call events that say how to create a call the reducer has not seen. */
interface ToolCallEventFields {
  callId: string
  name?: string
  agent?: string | null
  at?: number
}

/** Creates the call (and its part in the streaming message) when it is new. */
function ensureToolCall(state: RunState, event: ToolCallEventFields): RunState {
  const { callId } = event
  if (state.toolCalls[callId]) return state
  const next = ensureStreaming(state, callId)
  const call: ToolCall = {
    callId,
    name: event.name ?? '',
    agent: event.agent === undefined ? next.agent : event.agent,
    status: 'streaming-arguments',
    argsText: '',
    args: undefined,
    startedAt: event.at,
  }
  return {
    ...withPart(next, -1, { type: 'tool-call', callId }),
    toolCalls: { ...next.toolCalls, [callId]: call },
    toolCallIds: [...next.toolCallIds, callId],
  }
}

/** The call (created first when new) as `update` returns it; returning the call changes nothing. */
function updateToolCall(
  state: RunState,
  event: ToolCallEventFields,
  update: (call: ToolCall) => ToolCall,
): RunState {
  const next = ensureToolCall(state, event)
  const call = next.toolCalls[event.callId]!
  const updated = update(call)
  return updated === call ? next : { ...next, toolCalls: { ...next.toolCalls, [event.callId]: updated } }
}

// Re-parsing growing arguments on every delta would be quadratic: past a few KB, parse again only
// once the text has grown by a quarter since the last parse.
const partialParseLimit = 4096
const argsParsedLength = new WeakMap<ToolCall, number>()

function growArgs(call: ToolCall, delta: string): ToolCall {
  if (call.status !== 'streaming-arguments') return call
  const argsText = call.argsText + delta
  const parsedAt = argsParsedLength.get(call) ?? 0
  const reparse = argsText.length <= partialParseLimit || argsText.length - parsedAt >= parsedAt / 4
  const updated: ToolCall = { ...call, argsText, args: reparse ? parsePartialJson(argsText) : call.args }
  argsParsedLength.set(updated, reparse ? argsText.length : parsedAt)
  return updated
}

function removeApproval(state: RunState, callId: string): readonly PendingApproval[] {
  const approvals = state.approvals.filter((approval) => approval.callId !== callId)
  return approvals.length < state.approvals.length ? approvals : state.approvals
}

/** A call's result, error or denial: the call settles and no longer waits for a human. */
function settleToolCall(
  state: RunState,
  event: ToolCallEventFields,
  settle: (call: ToolCall) => ToolCall,
): RunState {
  return {
    ...withStreaming(updateToolCall(state, event, settle)),
    approvals: removeApproval(state, event.callId),
  }
}

function handleToolApprovalRequest(state: RunState, event: ToolApprovalRequestEvent): RunState {
  const next = ensureToolCall(state, event)
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
    ...updateToolCall(next, event, () => ({
      ...call,
      name,
      args,
      status: 'awaiting-approval',
      approvalId: event.approvalId ?? call.approvalId,
    })),
    approvals: [...removeApproval(next, event.callId), approval],
  }
}

function handleApprovalResponse(state: RunState, event: ApprovalResponseEvent): RunState {
  const call = state.toolCalls[event.callId]
  const approvals = removeApproval(state, event.callId)
  if (!call) return approvals === state.approvals ? state : { ...state, approvals }
  return {
    ...updateToolCall(state, event, () =>
      event.approved
        ? { ...call, status: 'running' }
        : { ...call, status: 'denied', deniedReason: event.reason ?? call.deniedReason },
    ),
    approvals,
  }
}

function handleHandoff(state: RunState, event: HandoffEvent): RunState {
  const from = event.from ?? state.agent
  const settled = settleStreaming(state)
  const handoffs = [...settled.handoffs, { from, to: event.to }]
  // A handoff starts the next agent's message.
  const next = ensureStreaming({ ...settled, agent: event.to, handoffs }, 'handoff')
  return withPart(next, -1, { type: 'handoff', from, to: event.to })
}

/** Data parts with an id replace the earlier part of the same type and id. */
function handleDataPart(state: RunState, event: DataPartEvent): RunState {
  const { dataType, id } = event
  const next = ensureStreaming(state, `data-${dataType}-${id ?? ''}`)
  const index = findPart(
    next,
    (part) => id !== undefined && part.type === 'data' && part.dataType === dataType && part.id === id,
  )
  return withPart(next, index, { type: 'data', dataType, data: event.data, id })
}
