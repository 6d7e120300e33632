import type { Emit, ProtocolDecoder, SseMessage } from './types'
import {
  asNonEmptyString,
  asObject,
  asString,
  emitUsage,
  parseFrame,
  runError,
  serverError,
  unknownFrame,
} from './wire'

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
  // Per kind: the wire id → the current part id, and how often the wire id was opened.
  const partIds = { text: new Map<string, string>(), reasoning: new Map<string, string>() }
  const openCounts = { text: new Map<string, number>(), reasoning: new Map<string, number>() }
  let finished = false

  const openPart = (kind: 'text' | 'reasoning', id: string) => {
    const count = (openCounts[kind].get(id) ?? 0) + 1
    openCounts[kind].set(id, count)
    const partId = count === 1 ? id : `${id}#${count}`
    partIds[kind].set(id, partId)
    return partId
  }
  const partId = (kind: 'text' | 'reasoning', id: string) => partIds[kind].get(id) ?? openPart(kind, id)

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
      const delta = asString(chunk.delta)
      // Metadata merges; a `usage` inside it is the run's usage (what `streamText` reports there).
      const emitMetadata = () => {
        const metadata = asObject(chunk.messageMetadata)
        if (!metadata) return
        emit({ type: 'metadata', metadata })
        emitUsage(metadata.usage, emit)
      }
      switch (type) {
        case 'start':
          emit({ type: 'run-start', runId: asNonEmptyString(chunk.messageId) })
          emitMetadata()
          return
        case 'text-start':
          emit({ type: 'message-start', messageId: openPart('text', id) })
          return
        case 'text-delta':
          if (delta) emit({ type: 'text-delta', messageId: partId('text', id), delta })
          return
        case 'text-end':
          emit({ type: 'message-end', messageId: partId('text', id) })
          return
        case 'reasoning-start':
          emit({ type: 'reasoning-start', reasoningId: openPart('reasoning', id) })
          return
        case 'reasoning-delta':
          if (delta) emit({ type: 'reasoning-delta', reasoningId: partId('reasoning', id), delta })
          return
        case 'reasoning-end':
          emit({ type: 'reasoning-end', reasoningId: partId('reasoning', id) })
          return
        case 'tool-input-start':
          emit({ type: 'tool-call-start', callId, name: asString(chunk.toolName) ?? '' })
          return
        case 'tool-input-delta': {
          const argsDelta = asString(chunk.inputTextDelta)
          if (argsDelta) emit({ type: 'tool-call-args-delta', callId, delta: argsDelta })
          return
        }
        case 'tool-input-available':
        case 'tool-input-error':
          emit({ type: 'tool-call-end', callId, args: chunk.input, name: asNonEmptyString(chunk.toolName) })
          if (type === 'tool-input-error')
            emit({
              type: 'tool-call-error',
              callId,
              error: asString(chunk.errorText) ?? 'Invalid tool input.',
            })
          return
        case 'tool-approval-request':
          emit({ type: 'tool-approval-request', callId, approvalId: asNonEmptyString(chunk.approvalId) })
          return
        case 'tool-output-available':
          emit({
            type: 'tool-call-result',
            callId,
            output: chunk.output,
            preliminary: chunk.preliminary === true || undefined,
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
          emitMetadata()
          return
        case 'error':
          finished = true
          emit(runError(chunk, 'The server reported an error.'))
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
          emitMetadata()
          finished = true
          emit({ type: 'run-finish', outcome: 'done', reason: asNonEmptyString(chunk.finishReason) })
          return
        default:
          if (type.startsWith('data-')) {
            emit({
              type: 'data-part',
              dataType: type.slice(5),
              data: chunk.data,
              id: id || undefined,
              transient: chunk.transient === true || undefined,
            })
            return
          }
          emit(unknownFrame(chunk))
      }
    },
    end() {},
    get finished() {
      return finished
    },
  }
}
