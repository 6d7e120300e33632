import type { JsonPatchOperation } from '../events'
import type { Emit, ProtocolDecoder, SseMessage } from './types'
import {
  addNew,
  asArray,
  asNonEmptyString,
  asObject,
  asString,
  emitUsage,
  endCalls,
  parseFrame,
  runError,
  serverError,
  unknownFrame,
} from './wire'

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
  // The name of every started call, by call id: approvals of interrupted calls are named after them.
  const callNames = new Map<string, string>()
  const startedReasoning = new Set<string>()
  // The speaker before each subagent, to hand the floor back when it finishes.
  const speakers: (string | null)[] = []
  const subagents = new Map<string, string>()
  // Chunked calls have no end event: they end at their result or at the run's end.
  const openChunkCalls = new Set<string>()
  let agent: string | null = null
  let lastChunkMessage = 'message'
  let lastChunkCall = ''
  let finished = false

  const startMessage = (messageId: string, event: Record<string, unknown>, emit: Emit) => {
    const role = asString(event.role)
    if (role && role !== 'assistant') ignoredMessages.add(messageId)
    else if (addNew(startedMessages, messageId)) {
      const name = asString(event.name)
      if (name) agent = name
      // AG-UI names a block's speaker on the block itself; a block without a name has none.
      emit({ type: 'message-start', messageId, agent: name ?? null })
    }
  }

  return {
    decode(message: SseMessage, emit: Emit) {
      const event = parseFrame(message, emit)
      if (!event) return
      const type = event.type
      const messageId = asString(event.messageId)
      let callId = asString(event.toolCallId)
      const delta = asString(event.delta)
      switch (type) {
        case 'RUN_STARTED':
          emit({
            type: 'run-start',
            runId: asNonEmptyString(event.runId),
            threadId: asNonEmptyString(event.threadId),
          })
          return
        case 'RUN_FINISHED':
        case 'RUN_ERROR': {
          endCalls(openChunkCalls, emit)
          finished = true
          if (type === 'RUN_ERROR') return emit(runError(event, 'The run failed.', event.code))
          emitUsage(event.usage, emit)
          const outcome = asObject(event.outcome)
          if (outcome?.type === 'cancelled')
            return emit({ type: 'run-error', error: serverError('The run was cancelled.', 'cancelled') })
          const interrupted = outcome?.type === 'interrupt'
          for (const rawInterrupt of interrupted ? asArray(outcome.interrupts) : []) {
            const interrupt = asObject(rawInterrupt)
            if (!interrupt) continue
            const interruptId = asString(interrupt.id)
            const interruptCall = asString(interrupt.toolCallId) ?? interruptId ?? 'interrupt'
            emit({
              type: 'tool-approval-request',
              callId: interruptCall,
              name: callNames.get(interruptCall) ?? asString(interrupt.reason) ?? 'interrupt',
              approvalId: asNonEmptyString(interruptId),
              message: asNonEmptyString(interrupt.message),
            })
          }
          emit({ type: 'run-finish', outcome: interrupted ? 'interrupted' : 'done' })
          return
        }
        case 'STEP_STARTED':
        case 'STEP_FINISHED':
          emit({
            type: type === 'STEP_STARTED' ? 'step-start' : 'step-end',
            name: asNonEmptyString(event.stepName),
          })
          return
        case 'TEXT_MESSAGE_START':
          if (messageId) startMessage(messageId, event, emit)
          return
        case 'TEXT_MESSAGE_CONTENT':
          if (messageId && delta && !ignoredMessages.has(messageId)) {
            startMessage(messageId, {}, emit)
            emit({ type: 'text-delta', messageId, delta })
          }
          return
        case 'TEXT_MESSAGE_END':
          if (messageId && !ignoredMessages.has(messageId)) emit({ type: 'message-end', messageId })
          return
        case 'TEXT_MESSAGE_CHUNK':
          lastChunkMessage = messageId ?? lastChunkMessage
          startMessage(lastChunkMessage, event, emit)
          if (delta && !ignoredMessages.has(lastChunkMessage))
            emit({ type: 'text-delta', messageId: lastChunkMessage, delta })
          return
        case 'TOOL_CALL_START':
        case 'TOOL_CALL_CHUNK':
        case 'TOOL_CALL_ARGS': {
          if (type === 'TOOL_CALL_CHUNK') {
            // Chunks of parallel calls may interleave; a chunk without an id continues the last call.
            callId = callId ?? lastChunkCall
            if (!callId) return
            lastChunkCall = callId
            openChunkCalls.add(callId)
          }
          if (!callId) return
          // A call belongs to the subagent whose run it is tagged with; AG-UI attributes nothing else.
          if (type !== 'TOOL_CALL_ARGS' && !callNames.has(callId)) {
            const name = asString(event.toolCallName) ?? ''
            callNames.set(callId, name)
            const subagent = subagents.get(asString(event.subagentRunId) ?? '') ?? null
            emit({ type: 'tool-call-start', callId, name, agent: subagent })
          }
          if (type !== 'TOOL_CALL_START' && delta) emit({ type: 'tool-call-args-delta', callId, delta })
          return
        }
        case 'TOOL_CALL_END':
          if (callId) emit({ type: 'tool-call-end', callId })
          return
        case 'TOOL_CALL_RESULT':
          if (!callId) return
          if (openChunkCalls.delete(callId)) emit({ type: 'tool-call-end', callId })
          emit({ type: 'tool-call-result', callId, output: event.content })
          return
        case 'REASONING_MESSAGE_START':
        case 'REASONING_MESSAGE_CONTENT':
        case 'REASONING_MESSAGE_CHUNK': {
          // A start opens the block; content opens it too when it came without one.
          const isStart = type === 'REASONING_MESSAGE_START'
          if (!messageId || !(isStart || delta)) return
          if (addNew(startedReasoning, messageId)) emit({ type: 'reasoning-start', reasoningId: messageId })
          if (delta && !isStart) emit({ type: 'reasoning-delta', reasoningId: messageId, delta })
          return
        }
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
          if (previous && previous !== agent) {
            agent = previous
            emit({ type: 'agent-update', agent: previous })
          }
          return
        }
        default:
          emit(unknownFrame(event))
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
