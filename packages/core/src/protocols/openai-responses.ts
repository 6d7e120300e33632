import type { AgentStreamError } from '../events'
import type { Emit, ProtocolDecoder, SseMessage } from './types'
import {
  asArray,
  asNumber,
  asObject,
  asString,
  parseFrame,
  serverError,
  type WireObject,
  wireErrorMessage,
} from './wire'

/** How the Responses event handler is embedded: alone, or inside an Agents SDK stream. */
export interface ResponsesHandlerOptions {
  /** The Agents SDK runs several responses per run: their terminal events do not end the run. */
  terminalEndsRun: boolean
  /** The JS Agents SDK carries text twice; it reads text from its own `output_text_delta`. */
  readText: boolean
  /** Handoff calls are not tool calls: the Agents SDK names them `transfer_to_…`. */
  isHandoffCall?: (name: string) => boolean
  /** Where a failure goes when terminal events do not end the run (the Agents SDK reports its own). */
  onFailure?: (error: AgentStreamError) => void
}

/** A stateful handler of raw Responses API events, shared by the Responses and Agents decoders. */
export interface ResponsesHandler {
  handle(event: WireObject, emit: Emit): void
  /** Item ids whose text arrived as deltas. */
  readonly streamedItems: ReadonlySet<string>
  /** Call ids started from the raw stream. */
  readonly startedCalls: ReadonlySet<string>
  readonly finished: boolean
}

/**
 * Creates the handler for raw Responses API stream events (`response.*`).
 *
 * @example
 * ```ts
 * const handler = createResponsesHandler({ terminalEndsRun: true, readText: true })
 * handler.handle({ type: 'response.output_text.delta', item_id: 'msg_1', delta: 'Hi' }, emit)
 * ```
 */
export function createResponsesHandler(options: ResponsesHandlerOptions): ResponsesHandler {
  const streamedItems = new Set<string>()
  const startedCalls = new Set<string>()
  const callIdByItem = new Map<string, string>()
  const skippedItems = new Set<string>()
  const openReasoning = new Set<string>()
  let finished = false

  const reasoningId = (event: WireObject, indexKey: string) =>
    `${asString(event.item_id) ?? 'reasoning'}:${asNumber(event[indexKey]) ?? 0}`

  const startReasoning = (id: string, emit: Emit) => {
    if (openReasoning.has(id)) return
    openReasoning.add(id)
    emit({ type: 'reasoning-start', reasoningId: id })
  }

  const finish = (emit: Emit, event: WireObject, outcome: 'done' | 'incomplete') => {
    const response = asObject(event.response)
    if (response?.usage !== undefined && response.usage !== null)
      emit({ type: 'usage', usage: response.usage })
    if (!options.terminalEndsRun) return
    finished = true
    const reason = asString(asObject(response?.incomplete_details)?.reason)
    emit(reason ? { type: 'run-finish', outcome, reason } : { type: 'run-finish', outcome })
  }

  const handle = (event: WireObject, emit: Emit) => {
    const type = asString(event.type) ?? ''
    switch (type) {
      case 'response.created':
      case 'response.queued': {
        const id = asString(asObject(event.response)?.id)
        if (options.terminalEndsRun) emit(id ? { type: 'run-start', runId: id } : { type: 'run-start' })
        return
      }
      case 'response.in_progress':
        return
      case 'response.output_item.added': {
        const item = asObject(event.item)
        const itemType = asString(item?.type)
        const itemId = asString(item?.id)
        if (!item || !itemId) return
        if (itemType === 'message' && options.readText) emit({ type: 'message-start', messageId: itemId })
        else if (itemType === 'function_call') {
          const name = asString(item.name) ?? ''
          if (options.isHandoffCall?.(name)) {
            skippedItems.add(itemId)
            return
          }
          const callId = asString(item.call_id) ?? itemId
          callIdByItem.set(itemId, callId)
          startedCalls.add(callId)
          emit({ type: 'tool-call-start', callId, name })
        }
        return
      }
      case 'response.output_text.delta': {
        if (!options.readText) return
        const itemId = asString(event.item_id) ?? 'message'
        const delta = asString(event.delta)
        if (!delta) return
        streamedItems.add(itemId)
        emit({ type: 'text-delta', messageId: itemId, delta })
        return
      }
      case 'response.refusal.delta': {
        const delta = asString(event.delta)
        const itemId = asString(event.item_id) ?? 'message'
        if (!delta) return
        streamedItems.add(`refusal:${itemId}`)
        emit({ type: 'refusal-delta', refusalId: itemId, delta })
        return
      }
      case 'response.function_call_arguments.delta': {
        const itemId = asString(event.item_id) ?? ''
        const delta = asString(event.delta)
        const callId = callIdByItem.get(itemId)
        if (!callId || !delta) return
        emit({ type: 'tool-call-args-delta', callId, delta })
        return
      }
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta': {
        const delta = asString(event.delta)
        if (!delta) return
        const id =
          type === 'response.reasoning_text.delta'
            ? `${reasoningId(event, 'content_index')}:text`
            : reasoningId(event, 'summary_index')
        streamedItems.add(`reasoning:${asString(event.item_id)}`)
        startReasoning(id, emit)
        emit({ type: 'reasoning-delta', reasoningId: id, delta })
        return
      }
      case 'response.output_item.done': {
        const item = asObject(event.item)
        const itemType = asString(item?.type)
        const itemId = asString(item?.id)
        if (!item || !itemId) return
        if (itemType === 'message' && options.readText) {
          emitMissingMessageText(item, streamedItems, emit)
          emit({ type: 'message-end', messageId: itemId })
        } else if (itemType === 'function_call' && !skippedItems.has(itemId)) {
          const callId = callIdByItem.get(itemId) ?? asString(item.call_id) ?? itemId
          const name = asString(item.name)
          if (!startedCalls.has(callId)) {
            startedCalls.add(callId)
            emit({ type: 'tool-call-start', callId, name: name ?? '' })
          }
          const argsText = asString(item.arguments)
          emit({
            type: 'tool-call-end',
            callId,
            ...(name ? { name } : {}),
            ...(argsText !== undefined ? { argsText } : {}),
          })
        } else if (itemType === 'reasoning') {
          for (const id of openReasoning) {
            if (id.startsWith(`${itemId}:`)) {
              openReasoning.delete(id)
              emit({ type: 'reasoning-end', reasoningId: id })
            }
          }
        }
        return
      }
      case 'response.completed':
        finish(emit, event, 'done')
        return
      case 'response.incomplete':
        finish(emit, event, 'incomplete')
        return
      case 'response.failed':
      case 'error': {
        const response = asObject(event.response)
        if (response?.usage !== undefined && response.usage !== null)
          emit({ type: 'usage', usage: response.usage })
        const source = type === 'error' ? event : asObject(response?.error)
        const fallback = type === 'error' ? 'The server reported an error.' : 'The response failed.'
        const error = serverError(wireErrorMessage(source, fallback), source?.code)
        if (!options.terminalEndsRun) {
          options.onFailure?.(error)
          return
        }
        finished = true
        emit({ type: 'run-error', error })
        return
      }
      default:
        // Deltas whose content also arrives whole (`.done`, `content_part.*`, annotations, hosted
        // tool progress) need nothing; the rest is reported for inspectors.
        if (
          type.endsWith('.done') ||
          type.startsWith('response.content_part.') ||
          type.startsWith('response.reasoning_summary_part.') ||
          type === 'response.output_text.annotation.added'
        )
          return
        emit({ type: 'unknown', name: type || 'untyped', raw: event })
    }
  }

  return {
    handle,
    streamedItems,
    startedCalls,
    get finished() {
      return finished
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
  const handler = createResponsesHandler({ terminalEndsRun: true, readText: true })
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
