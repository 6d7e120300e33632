import type { RunState, ToolCall } from './state'
import { messageText, selectMessages } from './state'

/**
 * One approval decision, as sent to the server.
 *
 * @example
 * ```ts
 * const decision: ApprovalDecision = { callId: 'call_1', approved: false, reason: 'Too expensive' }
 * ```
 */
export interface ApprovalDecision {
  callId: string
  approved: boolean
  reason?: string
  /** The protocol's own approval id (AI SDK `approvalId`, AG-UI interrupt id). */
  approvalId?: string
}

/**
 * What a request builder is given.
 *
 * @example
 * ```ts
 * const context: RequestContext = { state, input: 'Hi', protocol: 'openai-chat', threadId: 't1' }
 * ```
 */
export interface RequestContext {
  /** The state with the user's message already in it. */
  state: RunState
  /** The text just sent; `undefined` for approval continuations. */
  input: string | undefined
  /** The protocol asked for or detected so far (`'auto'` before the first response). */
  protocol: string
  /** A conversation id that stays the same across requests of one store. */
  threadId: string
  /** A model name for protocols whose requests name one. */
  model?: string
  /** Approval decisions, when the request continues an interrupted run. */
  approvals?: readonly ApprovalDecision[]
}

/** Chat-style `{ role, content }` history of the conversation (messages with text only), ids on request. */
function chatHistory(state: RunState, withIds?: boolean): { role: 'user' | 'assistant'; content: string }[] {
  return selectMessages(state)
    .map((message) => ({
      ...(withIds && { id: message.id }),
      role: message.role,
      content: messageText(message),
    }))
    .filter((message) => message.content)
}

/** A tool call as an AI SDK tool part, in the state its answer (if any) puts it in. */
function toolPart(call: ToolCall, decision: ApprovalDecision | undefined): Record<string, unknown> {
  return {
    type: `tool-${call.name}`,
    toolCallId: call.callId,
    input: call.args ?? {},
    ...(decision
      ? {
          state: 'approval-responded',
          approval: {
            id: call.approvalId ?? decision.approvalId ?? call.callId,
            approved: decision.approved,
            reason: decision.reason,
          },
        }
      : call.status === 'error'
        ? { state: 'output-error', errorText: call.error ?? '' }
        : call.status === 'denied'
          ? { state: 'output-denied' }
          : 'output' in call
            ? { state: 'output-available', output: call.output }
            : { state: 'input-available' }),
  }
}

/** The conversation as AI SDK `UIMessage`s (text, reasoning and tool parts). */
function uiMessages(state: RunState, approvals: readonly ApprovalDecision[] = []): unknown[] {
  return selectMessages(state).map((message) => ({
    id: message.id,
    role: message.role,
    parts: message.parts.flatMap((part) => {
      if (part.type === 'text' || part.type === 'reasoning') return [{ type: part.type, text: part.text }]
      if (part.type === 'data')
        return [{ type: `data-${part.dataType}`, id: part.id || undefined, data: part.data }]
      const call = part.type === 'tool-call' ? state.toolCalls[part.callId] : undefined
      return call
        ? [
            toolPart(
              call,
              approvals.find((decision) => decision.callId === call.callId),
            ),
          ]
        : []
    }),
  }))
}

function randomId(): string {
  return (
    // `randomUUID` exists only in secure contexts (HTTPS, localhost).
    globalThis.crypto?.randomUUID?.() ?? `id-${Date.now()}-${Math.random()}`
  )
}

/**
 * The request body each protocol's servers expect, built from the conversation so far:
 * - `ai-sdk`: `{ id, messages, trigger }` with `UIMessage`s (approval answers inside tool parts);
 * - `ag-ui`: `RunAgentInput` (`threadId, runId, state, messages, tools, context`, `resume` for interrupts);
 * - `openai-chat`: `{ model, messages, stream: true, stream_options: { include_usage: true } }`;
 * - `openai-responses`: `{ model, input, previous_response_id, stream: true }`;
 * - `openai-agents`: `{ input, history }` (and `{ runId, approvals }` to resume), as
 *   `@agentstream/server` expects;
 * - `text` and `auto`: `{ id, input, messages, history }`, which the servers above mostly accept.
 *
 * @example
 * ```ts
 * const body = buildRequestBody({ state, input: 'Hi', protocol: 'openai-chat', threadId: 't1', model: 'gpt-4o-mini' })
 * ```
 */
export function buildRequestBody(context: RequestContext): unknown {
  const { state, input, protocol, threadId, model, approvals } = context
  switch (protocol) {
    case 'ai-sdk':
      return {
        id: threadId,
        messages: uiMessages(state, approvals),
        trigger: 'submit-message',
      }
    case 'ag-ui':
      return {
        // The server's thread once it named one (RUN_STARTED), so a resume continues that thread.
        threadId: state.threadId ?? threadId,
        runId: randomId(),
        state: state.sharedState ?? {},
        messages: chatHistory(state, true),
        tools: [],
        context: [],
        forwardedProps: {},
        resume: approvals?.length
          ? approvals.map((decision) => ({
              interruptId: decision.approvalId ?? decision.callId,
              status: 'resolved',
              payload: { approved: decision.approved, reason: decision.reason || undefined },
            }))
          : undefined,
      }
    case 'openai-chat':
      return {
        model: model || undefined,
        messages: chatHistory(state),
        stream: true,
        stream_options: { include_usage: true },
      }
    case 'openai-responses':
      return {
        model: model || undefined,
        input: state.runId && input !== undefined ? input : chatHistory(state),
        previous_response_id: state.runId || undefined,
        stream: true,
      }
    case 'openai-agents':
      if (approvals?.length) {
        return {
          runId: state.runId,
          approvals: approvals.map(({ callId, approved, reason }) => ({ callId, approved, reason })),
        }
      }
      return { input, history: chatHistory(state).slice(0, -1) }
    default:
      return {
        id: threadId,
        threadId: state.threadId ?? threadId,
        input,
        messages: uiMessages(state, approvals),
        history: chatHistory(state).slice(0, input === undefined ? undefined : -1),
      }
  }
}

/**
 * Whether a protocol defines a resume request for approvals (otherwise `approve` / `reject` call the
 * user's `onApprovalResponse`).
 *
 * @example
 * ```ts
 * protocolResumesApprovals('ai-sdk') // true
 * ```
 */
export function protocolResumesApprovals(protocol: string | null): boolean {
  return protocol === 'ai-sdk' || protocol === 'ag-ui' || protocol === 'openai-agents'
}

export { randomId }
