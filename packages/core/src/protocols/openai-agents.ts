import type { AgentStreamError } from '../events'
import { safeJsonParse } from '../utils/safe-json'
import { createResponsesHandler, emitMissingMessageText } from './openai-responses'
import type { Emit, ProtocolDecoder, SseMessage } from './types'
import {
  addNew,
  asArray,
  asNonEmptyString,
  asObject,
  asString,
  emitUsage,
  parseFrame,
  runError,
  unknownFrame,
} from './wire'

const notApproved = /not approved/i

/** An agent as the SDKs serialize it: `{ name }` (JS `toJSON`) or a bare string. */
function agentName(value: unknown): string | undefined {
  return asString(value) ?? asString(asObject(value)?.name)
}

/**
 * Decoder for OpenAI Agents SDK run streams, JS (`RunStreamEvent`) and Python (`StreamEvent`),
 * serialized one JSON event per `data:` frame, plus the kit server's own `run_started`,
 * `run_finished` and `{"type":"error"}` frames. Text is read once (from `output_text_delta` in JS,
 * from the raw Responses event in Python); the first agent's name comes from the first item.
 *
 * @example
 * ```ts
 * const decoder = createOpenAIAgentsDecoder()
 * decoder.decode({ data: '{"type":"agent_updated_stream_event","agent":{"name":"Triage"}}' }, emit)
 * ```
 */
export function createOpenAIAgentsDecoder(): ProtocolDecoder {
  let endFrames = false
  let rawFailure: AgentStreamError | undefined
  // A failed model response makes the SDK throw; the server's error frame that follows says why.
  const responses = createResponsesHandler((error) => {
    rawFailure = error
  })
  const toolCalls = new Set<string>()
  let agent: string | null = null
  let javascriptText = false
  let finished = false
  let interrupted = false

  const setAgent = (name: string | undefined, emit: Emit) => {
    if (!name || name === agent) return
    agent = name
    emit({ type: 'agent-update', agent: name })
  }

  return {
    decode(message: SseMessage, emit: Emit) {
      const event = parseFrame(message, emit)
      if (!event) return
      const type = event.type
      switch (type) {
        case 'raw_model_stream_event':
        case 'raw_response_event': {
          const data = asObject(event.data)
          const dataType = asString(data?.type)
          if (dataType === 'output_text_delta') {
            // JS: the SDK's own text event. Its `model` twin carries the same token: read text from here only.
            javascriptText = true
            const itemId = asString(data?.itemId) ?? asObject(data?.providerData)?.item_id
            responses.handle(
              { type: 'response.output_text.delta', item_id: itemId, delta: data?.delta },
              emit,
            )
          } else if (dataType === 'model') {
            const raw = asObject(data?.event)
            if (!raw || (raw.type === 'response.output_text.delta' && javascriptText)) return
            // JS reports usage in `response_done` (camelCase): the raw terminal events would repeat it.
            // A failure is kept for the end, not emitted.
            const terminal =
              raw.type === 'response.completed' ||
              raw.type === 'response.incomplete' ||
              raw.type === 'response.failed'
            responses.handle(raw, terminal ? () => {} : emit)
          } else if (dataType === 'response_done') emitUsage(asObject(data?.response)?.usage, emit)
          // Python: `data` is the raw Responses event itself.
          else if (data && (dataType?.startsWith('response.') || dataType === 'error'))
            responses.handle(data, emit)
          return
        }
        case 'run_item_stream_event': {
          const item = asObject(event.item)
          if (!item) return
          const name = asString(event.name) ?? ''
          // The raw item in JS (`rawItem`, camelCase) or Python (`raw_item`, snake_case) form.
          const raw = asObject(item.rawItem) ?? asObject(item.raw_item)
          const callId = asString(raw?.callId) ?? asString(raw?.call_id) ?? asString(raw?.id)
          setAgent(agentName(item.agent), emit)
          switch (name) {
            case 'message_output_created':
              if (raw) emitMissingMessageText(raw, responses.streamedItems, emit)
              emit({ type: 'message-end', messageId: asString(raw?.id) ?? 'message' })
              return
            case 'tool_called':
            case 'tool_output':
            case 'tool_approval_requested':
            case 'mcp_approval_requested': {
              if (!callId) return
              // Hosted tools (MCP among them) carry the real tool name in `providerData`.
              const providerName =
                raw?.type === 'hosted_tool_call' && asString(asObject(raw.providerData)?.name)
              const toolName =
                (name === 'tool_called' || name === 'tool_output' ? undefined : asString(item.toolName)) ??
                (providerName || asString(raw?.name) || '')
              const argsText = asString(raw?.arguments) ?? asString(asObject(raw?.providerData)?.arguments)
              // The call starts here unless the raw stream already started it.
              if (!responses.startedCalls.has(callId) && addNew(toolCalls, callId))
                emit({ type: 'tool-call-start', callId, name: toolName, agent: agent ?? undefined })
              if (name === 'tool_called') {
                emit({ type: 'tool-call-end', callId, name: toolName, argsText, agent: agent ?? undefined })
              } else if (name === 'tool_output') {
                const rawOutput = raw?.output
                const output =
                  item.output !== undefined ? item.output : (asString(asObject(rawOutput)?.text) ?? rawOutput)
                // A rejected approval runs nothing: JS omits `executionStatus` and says so in the output.
                const denied =
                  item.executionStatus === undefined && typeof output === 'string' && notApproved.test(output)
                emit({ type: 'tool-call-result', callId, output, denied: denied || undefined })
              } else {
                const parsed = argsText === undefined ? undefined : safeJsonParse(argsText)
                interrupted = true
                emit({
                  type: 'tool-approval-request',
                  callId,
                  name: toolName,
                  // Arguments that are not JSON are shown as they are.
                  args: parsed?.ok ? parsed.value : argsText,
                })
              }
              return
            }
            case 'handoff_occurred':
            case 'handoff_occured': {
              const from = agentName(item.sourceAgent) ?? agentName(item.source_agent) ?? agent
              const to = agentName(item.targetAgent) ?? agentName(item.target_agent)
              if (!to) return
              agent = to
              emit({ type: 'handoff', from, to })
              return
            }
            case 'reasoning_item_created': {
              const id = asString(raw?.id) ?? 'reasoning'
              if (responses.streamedItems.has(`reasoning:${id}`)) return
              asArray(raw?.content).forEach((content, index) => {
                const text = asString(asObject(content)?.text)
                if (!text) return
                const reasoningId = `${id}:${index}`
                emit({ type: 'reasoning-start', reasoningId })
                emit({ type: 'reasoning-delta', reasoningId, delta: text })
                emit({ type: 'reasoning-end', reasoningId })
              })
              return
            }
            case 'handoff_requested':
              return
            default:
              emit({ type: 'unknown', name, raw: item })
          }
          return
        }
        case 'agent_updated_stream_event':
          setAgent(agentName(event.agent) ?? agentName(event.new_agent), emit)
          return
        case 'run_started':
          // A kit server: it ends every run with an explicit frame.
          endFrames = true
          emit({ type: 'run-start', runId: asNonEmptyString(event.runId) })
          setAgent(agentName(event.agent), emit)
          return
        case 'run_finished':
          finished = true
          emit({
            type: 'run-finish',
            outcome:
              event.status === 'stopped'
                ? 'stopped'
                : event.status === 'interrupted' || interrupted
                  ? 'interrupted'
                  : 'done',
          })
          return
        case 'error':
          finished = true
          emit(runError(event.error ?? event, 'The agent run failed.', asObject(event.error)?.name))
          return
        default:
          emit(unknownFrame(event))
      }
    },
    end(emit: Emit) {
      // The SDK has no end event: a clean end of the stream is the run's end. A kit server promises
      // `run_finished`: without it the stream was cut (the request's end reports it).
      if (finished || endFrames) return
      finished = true
      emit(
        rawFailure
          ? { type: 'run-error', error: rawFailure }
          : { type: 'run-finish', outcome: interrupted ? 'interrupted' : 'done' },
      )
    },
    get finished() {
      return finished
    },
    get endsAtEof() {
      return !endFrames
    },
  }
}
