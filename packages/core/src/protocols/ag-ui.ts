import type { JsonPatchOperation } from '../events'
import type { Emit, ProtocolDecoder, SseMessage } from './types'
import { asArray, asObject, asString, parseFrame, serverError, wireErrorMessage } from './wire'

/**
 * Decoder for AG-UI 1.0 events: text and tool calls in START/CONTENT|ARGS/END and CHUNK forms,
 * TOOL_CALL_RESULT, REASONING_*, STATE_SNAPSHOT / STATE_DELTA, STEP_*, SUBAGENT_* (as handoffs),
 * RUN_FINISHED (with an interrupt outcome as pending approvals) and RUN_ERROR.
 *
 * @example
 * ```ts
 * const decoder = createAgUiDecoder()
 * decoder.decode({ data: '{"type":"TEXT_MESSAGE_CONTENT","messageId":"m1","delta":"Hi"}' }, emit)
 * ```
 */
export function createAgUiDecoder(): ProtocolDecoder {
  const ignoredMessages = new Set<string>()
  const startedMessages = new Set<string>()
  const startedCalls = new Set<string>()
  const callNames = new Map<string, string>()
  const startedReasoning = new Set<string>()
  // The speaker before each subagent, to hand the floor back when it finishes.
  const speakers: (string | null)[] = []
  let agent: string | null = null
  let lastChunkMessage = 'message'
  let lastChunkCall = ''
  const openChunkCalls = new Set<string>()
  const subagents = new Map<string, string>()
  const subagentOf = (event: Record<string, unknown>) => subagents.get(asString(event.subagentRunId) ?? '') ?? null
  const endChunkCalls = (emit: Emit) => {
    for (const id of openChunkCalls) emit({ type: 'tool-call-end', callId: id })
    openChunkCalls.clear()
  }
  let finished = false

  const setAgent = (name: string, emit: Emit) => {
    if (name === agent) return
    agent = name
    emit({ type: 'agent-update', agent: name })
  }

  const startMessage = (
    messageId: string,
    role: string | undefined,
    name: string | undefined,
    emit: Emit,
  ) => {
    if (role && role !== 'assistant') {
      ignoredMessages.add(messageId)
      return
    }
    if (startedMessages.has(messageId)) return
    startedMessages.add(messageId)
    if (name) agent = name
    // AG-UI names a block's speaker on the block itself; a block without a name has none.
    emit({ type: 'message-start', messageId, agent: name ?? null })
  }

  // A call belongs to the subagent whose run it is tagged with; AG-UI attributes nothing else.
  const startCall = (callId: string, name: string, agent: string | null, emit: Emit) => {
    if (startedCalls.has(callId)) return
    startedCalls.add(callId)
    callNames.set(callId, name)
    emit({ type: 'tool-call-start', callId, name, agent })
  }

  const startReasoning = (reasoningId: string, emit: Emit) => {
    if (startedReasoning.has(reasoningId)) return
    startedReasoning.add(reasoningId)
    emit({ type: 'reasoning-start', reasoningId })
  }

  return {
    decode(message: SseMessage, emit: Emit) {
      const event = parseFrame(message, emit)
      if (!event) return
      const type = asString(event.type) ?? ''
      const messageId = asString(event.messageId)
      const callId = asString(event.toolCallId)
      const delta = asString(event.delta)
      switch (type) {
        case 'RUN_STARTED': {
          const runId = asString(event.runId)
          const threadId = asString(event.threadId)
          emit({ type: 'run-start', ...(runId ? { runId } : {}), ...(threadId ? { threadId } : {}) })
          return
        }
        case 'RUN_FINISHED': {
          endChunkCalls(emit)
          if (event.usage !== undefined && event.usage !== null) emit({ type: 'usage', usage: event.usage })
          const outcome = asObject(event.outcome)
          const outcomeType = asString(outcome?.type)
          finished = true
          if (outcomeType === 'interrupt') {
            for (const rawInterrupt of asArray(outcome?.interrupts)) {
              const interrupt = asObject(rawInterrupt)
              if (!interrupt) continue
              const interruptId = asString(interrupt.id)
              const interruptCall = asString(interrupt.toolCallId) ?? interruptId ?? 'interrupt'
              const text = asString(interrupt.message)
              emit({
                type: 'tool-approval-request',
                callId: interruptCall,
                name: callNames.get(interruptCall) ?? asString(interrupt.reason) ?? 'interrupt',
                ...(interruptId ? { approvalId: interruptId } : {}),
                ...(text ? { message: text } : {}),
              })
            }
            emit({ type: 'run-finish', outcome: 'interrupted' })
          } else if (outcomeType === 'cancelled') {
            emit({ type: 'run-error', error: serverError('The run was cancelled.', 'cancelled') })
          } else emit({ type: 'run-finish', outcome: 'done' })
          return
        }
        case 'RUN_ERROR':
          endChunkCalls(emit)
          finished = true
          emit({
            type: 'run-error',
            error: serverError(wireErrorMessage(event, 'The run failed.'), event.code),
          })
          return
        case 'STEP_STARTED':
        case 'STEP_FINISHED': {
          const name = asString(event.stepName)
          emit({ type: type === 'STEP_STARTED' ? 'step-start' : 'step-end', ...(name ? { name } : {}) })
          return
        }
        case 'TEXT_MESSAGE_START':
          if (messageId) startMessage(messageId, asString(event.role), asString(event.name), emit)
          return
        case 'TEXT_MESSAGE_CONTENT':
          if (messageId && delta && !ignoredMessages.has(messageId)) {
            startMessage(messageId, undefined, undefined, emit)
            emit({ type: 'text-delta', messageId, delta })
          }
          return
        case 'TEXT_MESSAGE_END':
          if (messageId && !ignoredMessages.has(messageId)) emit({ type: 'message-end', messageId })
          return
        case 'TEXT_MESSAGE_CHUNK': {
          const id = messageId ?? lastChunkMessage
          lastChunkMessage = id
          startMessage(id, asString(event.role), asString(event.name), emit)
          if (delta && !ignoredMessages.has(id)) emit({ type: 'text-delta', messageId: id, delta })
          return
        }
        case 'TOOL_CALL_START':
          if (callId) startCall(callId, asString(event.toolCallName) ?? '', subagentOf(event), emit)
          return
        case 'TOOL_CALL_ARGS':
          if (callId && delta) emit({ type: 'tool-call-args-delta', callId, delta })
          return
        case 'TOOL_CALL_END':
          if (callId) emit({ type: 'tool-call-end', callId })
          return
        case 'TOOL_CALL_CHUNK': {
          // Chunks of parallel calls may interleave; a chunked call ends at its result or the run's end.
          const id = callId ?? lastChunkCall
          if (!id) return
          lastChunkCall = id
          openChunkCalls.add(id)
          startCall(id, asString(event.toolCallName) ?? '', subagentOf(event), emit)
          if (delta) emit({ type: 'tool-call-args-delta', callId: id, delta })
          return
        }
        case 'TOOL_CALL_RESULT':
          if (!callId) return
          if (openChunkCalls.delete(callId)) emit({ type: 'tool-call-end', callId })
          emit({ type: 'tool-call-result', callId, output: event.content })
          return
        case 'REASONING_MESSAGE_START':
          if (messageId) startReasoning(messageId, emit)
          return
        case 'REASONING_MESSAGE_CONTENT':
        case 'REASONING_MESSAGE_CHUNK':
          if (messageId && delta) {
            startReasoning(messageId, emit)
            emit({ type: 'reasoning-delta', reasoningId: messageId, delta })
          }
          return
        case 'REASONING_MESSAGE_END':
          if (messageId) emit({ type: 'reasoning-end', reasoningId: messageId })
          return
        case 'REASONING_START':
        case 'REASONING_END':
        case 'REASONING_ENCRYPTED_VALUE':
          return
        case 'STATE_SNAPSHOT':
          emit({ type: 'state-snapshot', snapshot: event.snapshot })
          return
        case 'STATE_DELTA':
          emit({ type: 'state-patch', patch: asArray(event.delta).filter(isPatchOperation) })
          return
        case 'SUBAGENT_STARTED': {
          const name = asString(event.name)
          if (!name) return
          const runId = asString(event.subagentRunId)
          if (runId) subagents.set(runId, name)
          speakers.push(agent)
          emit({ type: 'handoff', from: agent, to: name })
          agent = name
          return
        }
        case 'SUBAGENT_FINISHED': {
          const previous = speakers.pop()
          if (previous) setAgent(previous, emit)
          return
        }
        default:
          emit({ type: 'unknown', name: type || 'untyped', raw: event })
      }
    },
    end() {},
    get finished() {
      return finished
    },
  }
}

function isPatchOperation(value: unknown): value is JsonPatchOperation {
  const operation = asObject(value)
  return (
    typeof operation?.op === 'string' &&
    typeof operation.path === 'string' &&
    (operation.op === 'move' || operation.op === 'copy' ? typeof operation.from === 'string' : true)
  )
}
