import type { Emit, ProtocolDecoder, SseMessage } from './types'
import { asObject, asString, parseFrame, serverError, wireErrorMessage } from './wire'

/**
 * Decoder for the Vercel AI SDK UI message stream (`x-vercel-ai-ui-message-stream: v1`): text,
 * reasoning, tool input / output / error / denial / approval, steps, `data-*` parts with same-id
 * replacement, metadata, `finish`, `error`, `abort` and `[DONE]`. Unknown chunk types are skipped
 * (the AI SDK's own client would fail on them).
 *
 * @example
 * ```ts
 * const decoder = createAiSdkDecoder()
 * decoder.decode({ data: '{"type":"text-delta","id":"t1","delta":"Hi"}' }, emit)
 * ```
 */
export function createAiSdkDecoder(): ProtocolDecoder {
  // Every `text-start` is a new part even when the provider repeats an id.
  const partIds = new Map<string, string>()
  const seenIds = new Map<string, number>()
  let finished = false

  const openPart = (kind: string, id: string) => {
    const key = `${kind}:${id}`
    const count = (seenIds.get(key) ?? 0) + 1
    seenIds.set(key, count)
    const partId = count === 1 ? id : `${id}#${count}`
    partIds.set(key, partId)
    return partId
  }
  const partId = (kind: string, id: string) => partIds.get(`${kind}:${id}`) ?? openPart(kind, id)

  return {
    decode(message: SseMessage, emit: Emit) {
      if (message.data === '[DONE]') {
        if (!finished) emit({ type: 'run-finish', outcome: 'done' })
        finished = true
        return
      }
      const chunk = parseFrame(message, emit)
      if (!chunk) return
      const type = asString(chunk.type) ?? ''
      const id = asString(chunk.id) ?? ''
      const callId = asString(chunk.toolCallId) ?? ''
      const metadata = asObject(chunk.messageMetadata)
      switch (type) {
        case 'start': {
          const messageId = asString(chunk.messageId)
          emit(messageId ? { type: 'run-start', runId: messageId } : { type: 'run-start' })
          if (metadata) emitMetadata(metadata, emit)
          return
        }
        case 'text-start':
          emit({ type: 'message-start', messageId: openPart('text', id) })
          return
        case 'text-delta': {
          const delta = asString(chunk.delta)
          if (delta) emit({ type: 'text-delta', messageId: partId('text', id), delta })
          return
        }
        case 'text-end':
          emit({ type: 'message-end', messageId: partId('text', id) })
          return
        case 'reasoning-start':
          emit({ type: 'reasoning-start', reasoningId: openPart('reasoning', id) })
          return
        case 'reasoning-delta': {
          const delta = asString(chunk.delta)
          if (delta) emit({ type: 'reasoning-delta', reasoningId: partId('reasoning', id), delta })
          return
        }
        case 'reasoning-end':
          emit({ type: 'reasoning-end', reasoningId: partId('reasoning', id) })
          return
        case 'tool-input-start':
          emit({ type: 'tool-call-start', callId, name: asString(chunk.toolName) ?? '' })
          return
        case 'tool-input-delta': {
          const delta = asString(chunk.inputTextDelta)
          if (delta) emit({ type: 'tool-call-args-delta', callId, delta })
          return
        }
        case 'tool-input-available':
        case 'tool-input-error': {
          const name = asString(chunk.toolName)
          emit({ type: 'tool-call-end', callId, args: chunk.input, ...(name ? { name } : {}) })
          if (type === 'tool-input-error')
            emit({
              type: 'tool-call-error',
              callId,
              error: asString(chunk.errorText) ?? 'Invalid tool input.',
            })
          return
        }
        case 'tool-approval-request': {
          const approvalId = asString(chunk.approvalId)
          emit({ type: 'tool-approval-request', callId, ...(approvalId ? { approvalId } : {}) })
          return
        }
        case 'tool-output-available':
          emit({
            type: 'tool-call-result',
            callId,
            output: chunk.output,
            ...(chunk.preliminary === true ? { preliminary: true } : {}),
          })
          return
        case 'tool-output-error':
          emit({ type: 'tool-call-error', callId, error: asString(chunk.errorText) ?? 'The tool failed.' })
          return
        case 'tool-output-denied':
          emit({ type: 'tool-call-denied', callId })
          return
        case 'start-step':
          emit({ type: 'step-start' })
          return
        case 'finish-step':
          emit({ type: 'step-end' })
          return
        case 'message-metadata':
          if (metadata) emitMetadata(metadata, emit)
          return
        case 'error':
          finished = true
          emit({
            type: 'run-error',
            error: serverError(wireErrorMessage(chunk, 'The server reported an error.')),
          })
          return
        case 'abort': {
          finished = true
          const reason = asString(chunk.reason)
          emit({
            type: 'run-error',
            error: serverError(
              reason ? `The server aborted the run: ${reason}` : 'The server aborted the run.',
              'abort',
            ),
          })
          return
        }
        case 'finish':
          if (metadata) emitMetadata(metadata, emit)
          finished = true
          emit({
            type: 'run-finish',
            outcome: 'done',
            ...(asString(chunk.finishReason) ? { reason: asString(chunk.finishReason) } : {}),
          })
          return
        default:
          if (type.startsWith('data-')) {
            emit({
              type: 'data-part',
              dataType: type.slice(5),
              data: chunk.data,
              ...(id ? { id } : {}),
              ...(chunk.transient === true ? { transient: true } : {}),
            })
            return
          }
          emit({ type: 'unknown', name: type || 'untyped', raw: chunk })
      }
    },
    end() {},
    get finished() {
      return finished
    },
  }
}

/** Metadata merges; a `usage` inside it is the run's usage (what `streamText` reports there). */
function emitMetadata(metadata: Record<string, unknown>, emit: Emit): void {
  emit({ type: 'metadata', metadata })
  if (metadata.usage !== undefined && metadata.usage !== null) emit({ type: 'usage', usage: metadata.usage })
}
