import type { AgentStreamError } from '../events'
import type { Emit, ProtocolDecoder, SseMessage } from './types'
import {
  addNew,
  asArray,
  asNonEmptyString,
  asNumber,
  asObject,
  asString,
  emitUsage,
  parseFrame,
  serverError,
  unknownFrame,
  type WireObject,
  wireErrorMessage,
} from './wire'

/** A stateful handler of raw Responses API events, shared by the Responses and Agents decoders. */
export interface ResponsesHandler {
  handle(event: WireObject, emit: Emit): void
  /** Item ids whose text arrived as deltas (`refusal:` and `reasoning:` prefixed for those parts). */
  readonly streamedItems: ReadonlySet<string>
  /** Call ids started from the raw stream. */
  readonly startedCalls: ReadonlySet<string>
  readonly finished: boolean
}

/**
 * Creates the handler for raw Responses API stream events (`response.*`). Alone, a terminal event
 * ends the run. Inside an Agents SDK stream (`onFailure` given) it does not: the SDK runs several
 * responses per run and reports a failure itself (the handler passes the failure to `onFailure`),
 * and its handoff calls (`transfer_to_…`) are handoffs, not tool calls.
 *
 * @example
 * ```ts
 * const handler = createResponsesHandler()
 * handler.handle({ type: 'response.output_text.delta', item_id: 'msg_1', delta: 'Hi' }, emit)
 * ```
 */
export function createResponsesHandler(onFailure?: (error: AgentStreamError) => void): ResponsesHandler {
  const streamedItems = new Set<string>()
  const startedCalls = new Set<string>()
  const callIdByItem = new Map<string, string>()
  const openReasoning = new Set<string>()
  const handoffItems = new Set<string>()
  let finished = false

  return {
    streamedItems,
    startedCalls,
    get finished() {
      return finished
    },
    handle(event: WireObject, emit: Emit) {
      const type = asString(event.type) ?? ''
      const response = asObject(event.response)
      const item = asObject(event.item)
      // `item.id` in item events, `item_id` in delta events.
      const itemId = asString(item?.id)
      const deltaItemId = asString(event.item_id)
      const delta = asString(event.delta)
      switch (type) {
        case 'response.created':
        case 'response.queued':
          if (!onFailure) emit({ type: 'run-start', runId: asNonEmptyString(response?.id) })
          return
        case 'response.in_progress':
          return
        case 'response.output_item.added':
          if (!item || !itemId) return
          if (item.type === 'message') emit({ type: 'message-start', messageId: itemId })
          else if (item.type === 'function_call') {
            const name = asString(item.name) ?? ''
            if (onFailure && name.startsWith('transfer_to_')) {
              handoffItems.add(itemId)
              return
            }
            const callId = asString(item.call_id) ?? itemId
            callIdByItem.set(itemId, callId)
            startedCalls.add(callId)
            emit({ type: 'tool-call-start', callId, name })
          }
          return
        case 'response.output_text.delta':
        case 'response.refusal.delta': {
          if (!delta) return
          const id = deltaItemId ?? 'message'
          if (type === 'response.output_text.delta') {
            streamedItems.add(id)
            emit({ type: 'text-delta', messageId: id, delta })
          } else {
            streamedItems.add(`refusal:${id}`)
            emit({ type: 'refusal-delta', refusalId: id, delta })
          }
          return
        }
        case 'response.function_call_arguments.delta': {
          const callId = callIdByItem.get(deltaItemId ?? '')
          if (callId && delta) emit({ type: 'tool-call-args-delta', callId, delta })
          return
        }
        case 'response.reasoning_summary_text.delta':
        case 'response.reasoning_text.delta': {
          if (!delta) return
          const raw = type === 'response.reasoning_text.delta'
          // One reasoning part per summary part (or per raw content part), numbered within its item.
          const index = asNumber(event[raw ? 'content_index' : 'summary_index']) ?? 0
          const reasoningId = `${deltaItemId ?? 'reasoning'}:${index}${raw ? ':text' : ''}`
          streamedItems.add(`reasoning:${deltaItemId}`)
          if (addNew(openReasoning, reasoningId)) emit({ type: 'reasoning-start', reasoningId })
          emit({ type: 'reasoning-delta', reasoningId, delta })
          return
        }
        case 'response.output_item.done':
          if (!item || !itemId) return
          if (item.type === 'message') {
            emitMissingMessageText(item, streamedItems, emit)
            emit({ type: 'message-end', messageId: itemId })
          } else if (item.type === 'function_call' && !handoffItems.has(itemId)) {
            const callId = callIdByItem.get(itemId) ?? asString(item.call_id) ?? itemId
            const name = asString(item.name)
            if (addNew(startedCalls, callId)) emit({ type: 'tool-call-start', callId, name: name ?? '' })
            emit({
              type: 'tool-call-end',
              callId,
              name: name || undefined,
              argsText: asString(item.arguments),
            })
          } else if (item.type === 'reasoning') {
            for (const reasoningId of openReasoning) {
              if (reasoningId.startsWith(`${itemId}:`)) {
                openReasoning.delete(reasoningId)
                emit({ type: 'reasoning-end', reasoningId })
              }
            }
          }
          return
        case 'response.completed':
        case 'response.incomplete':
        case 'response.failed':
        case 'error': {
          emitUsage(response?.usage, emit)
          const failed = type === 'response.failed'
          if (failed || type === 'error') {
            const source = failed ? asObject(response?.error) : event
            const error = serverError(
              wireErrorMessage(source, failed ? 'The response failed.' : 'The server reported an error.'),
              source?.code,
            )
            if (onFailure) return onFailure(error)
            finished = true
            emit({ type: 'run-error', error })
          } else if (!onFailure) {
            finished = true
            emit({
              type: 'run-finish',
              outcome: type === 'response.completed' ? 'done' : 'incomplete',
              reason: asNonEmptyString(asObject(response?.incomplete_details)?.reason),
            })
          }
          return
        }
        default:
          // Deltas whose content also arrives whole (`.done`, `content_part.*`, annotations, hosted
          // tool progress) need nothing; the rest is reported for inspectors.
          if (
            !type.endsWith('.done') &&
            !type.startsWith('response.content_part.') &&
            !type.startsWith('response.reasoning_summary_part.') &&
            type !== 'response.output_text.annotation.added'
          )
            emit(unknownFrame(event))
      }
    },
  }
}

/** A message item whose text never streamed (a resumed or non-streaming model) still shows. */
export function emitMissingMessageText(
  item: WireObject,
  streamedItems: ReadonlySet<string>,
  emit: Emit,
): void {
  const itemId = asString(item.id) ?? 'message'
  for (const content of asArray(item.content)) {
    const part = asObject(content)
    const text = asString(part?.text)
    const refusal = asString(part?.refusal)
    if (text && !streamedItems.has(itemId)) {
      emit({ type: 'message-start', messageId: itemId })
      emit({ type: 'text-delta', messageId: itemId, delta: text })
    } else if (refusal && !streamedItems.has(`refusal:${itemId}`)) {
      emit({ type: 'refusal-delta', refusalId: itemId, delta: refusal })
    }
  }
}

/**
 * Decoder for the raw OpenAI Responses API stream (`event: response.*`).
 *
 * @example
 * ```ts
 * const decoder = createOpenAIResponsesDecoder()
 * decoder.decode({ event: 'response.output_text.delta', data: '{"type":"response.output_text.delta","item_id":"m","delta":"Hi"}' }, emit)
 * ```
 */
export function createOpenAIResponsesDecoder(): ProtocolDecoder {
  const handler = createResponsesHandler()
  return {
    decode(message: SseMessage, emit: Emit) {
      const event = parseFrame(message, emit)
      if (!event) return
      if (event.type === undefined && message.event) event.type = message.event
      handler.handle(event, emit)
    },
    // A clean end before a terminal event is a truncated run: the store's `request-end` says so.
    end() {},
    get finished() {
      return handler.finished
    },
  }
}
