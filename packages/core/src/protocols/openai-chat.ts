import type { Emit, ProtocolDecoder, SseMessage } from './types'
import { addNew, asArray, asNumber, asObject, asString, emitUsage, parseFrame, runError } from './wire'

/**
 * Decoder for OpenAI-compatible Chat Completions chunks (OpenAI, vLLM, Ollama, LiteLLM, …):
 * content, refusals, reasoning (`reasoning_content` / `reasoning`), fragmented parallel tool calls
 * keyed by index (interleaving allowed), `finish_reason`, the usage chunk, `{"error":…}` and `[DONE]`.
 *
 * @example
 * ```ts
 * const decoder = createOpenAIChatDecoder()
 * decoder.decode({ data: '{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}]}' }, emit)
 * decoder.decode({ data: '[DONE]' }, emit)
 * ```
 */
export function createOpenAIChatDecoder(): ProtocolDecoder {
  const callIds = new Map<string, string>()
  // Open calls and the choice each belongs to: a choice's `finish_reason` ends its own calls only.
  const openCalls = new Map<string, number>()
  const openMessages = new Set<string>()
  // `length` or `content_filter`: the server cut the answer short.
  let cutShort: string | undefined
  let finished = false
  const endChoiceCalls = (emit: Emit, choice?: number) => {
    for (const [callId, owner] of openCalls)
      if (choice === undefined || owner === choice) {
        openCalls.delete(callId)
        emit({ type: 'tool-call-end', callId })
      }
  }

  return {
    decode(message: SseMessage, emit: Emit) {
      if (message.data === '[DONE]') {
        endChoiceCalls(emit)
        if (!finished)
          emit({ type: 'run-finish', outcome: cutShort ? 'incomplete' : 'done', reason: cutShort })
        finished = true
        return
      }
      const chunk = parseFrame(message, emit)
      if (!chunk) return
      if (chunk.error != null) {
        const error = asObject(chunk.error)
        finished = true
        emit(runError(chunk.error, 'The server reported an error.', error?.code ?? error?.type))
        return
      }
      const chunkId = asString(chunk.id) ?? 'chat'
      for (const rawChoice of asArray(chunk.choices)) {
        // A choice that is not an object reads as an empty one: it says nothing.
        const choice = asObject(rawChoice) ?? {}
        const choiceIndex = asNumber(choice.index) ?? 0
        const messageId = choiceIndex === 0 ? chunkId : `${chunkId}:${choiceIndex}`
        const delta = asObject(choice.delta)
        const reasoning = asString(delta?.reasoning_content) ?? asString(delta?.reasoning)
        if (reasoning)
          emit({ type: 'reasoning-delta', reasoningId: `${messageId}:reasoning`, delta: reasoning })
        const content = asString(delta?.content)
        if (content) {
          if (addNew(openMessages, messageId)) emit({ type: 'message-start', messageId })
          emit({ type: 'text-delta', messageId, delta: content })
        }
        const refusal = asString(delta?.refusal)
        if (refusal) emit({ type: 'refusal-delta', refusalId: messageId, delta: refusal })
        asArray(delta?.tool_calls).forEach((rawCall, position) => {
          const call = asObject(rawCall)
          if (!call) return
          // Some servers (Ollama, Gemini proxies) omit `index` or send the same one for every call:
          // the position in the array stands in for a missing index, and a new `id` is a new call.
          const key = `${choiceIndex}:${asNumber(call.index) ?? position}`
          const fn = asObject(call.function)
          const id = asString(call.id)
          let callId = callIds.get(key)
          if (!callId || (id && id !== callId)) {
            callId = id ?? `${messageId}:call:${key}`
            callIds.set(key, callId)
            openCalls.set(callId, choiceIndex)
            emit({ type: 'tool-call-start', callId, name: asString(fn?.name) ?? '' })
          }
          const args = asString(fn?.arguments)
          if (args) emit({ type: 'tool-call-args-delta', callId, delta: args })
        })
        const finishReason = asString(choice.finish_reason)
        if (finishReason) {
          if (finishReason === 'length' || finishReason === 'content_filter') cutShort = finishReason
          if (openMessages.delete(messageId)) emit({ type: 'message-end', messageId })
          endChoiceCalls(emit, choiceIndex)
        }
      }
      emitUsage(chunk.usage, emit)
    },
    end() {},
    get finished() {
      return finished
    },
  }
}
