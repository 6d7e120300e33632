import { createAgUiDecoder } from './ag-ui'
import { createAiSdkDecoder } from './ai-sdk'
import { createOpenAIAgentsDecoder } from './openai-agents'
import { createOpenAIChatDecoder } from './openai-chat'
import { createOpenAIResponsesDecoder } from './openai-responses'
import { createTextDecoder } from './text'
import type { HeadersLike, ProtocolDefinition, SseMessage } from './types'
import { asString, parseObject } from './wire'

const agentsTypes = new Set([
  'raw_model_stream_event',
  'run_item_stream_event',
  'agent_updated_stream_event',
  'raw_response_event',
  'run_started',
  'run_finished',
])

const aiSdkTypes = new Set([
  'start',
  'finish',
  'start-step',
  'finish-step',
  'text-start',
  'text-delta',
  'text-end',
  'reasoning-start',
  'reasoning-delta',
  'reasoning-end',
  'tool-input-start',
  'tool-input-delta',
  'tool-input-available',
  'tool-input-error',
  'tool-approval-request',
  'tool-output-available',
  'tool-output-error',
  'tool-output-denied',
  'message-metadata',
  'source-url',
  'source-document',
  'file',
  'abort',
])

const builtIn: ProtocolDefinition[] = [
  {
    name: 'ai-sdk',
    detect: (headers) => {
      const name = 'x-vercel-ai-ui-message-stream'
      if (!headers) return undefined
      if (typeof (headers as Headers).get === 'function')
        return (headers as Headers).get(name) ? 'ai-sdk' : undefined
      // A plain record: header names are case-insensitive, the first match counts.
      const record = headers as Record<string, string>
      const key = Object.keys(record).find((key) => key.toLowerCase() === name)
      return key && record[key] ? 'ai-sdk' : undefined
    },
    createDecoder: createAiSdkDecoder,
  },
  { name: 'openai-agents', createDecoder: createOpenAIAgentsDecoder },
  { name: 'openai-responses', createDecoder: createOpenAIResponsesDecoder },
  { name: 'openai-chat', createDecoder: createOpenAIChatDecoder },
  { name: 'ag-ui', createDecoder: createAgUiDecoder },
  { name: 'text', createDecoder: createTextDecoder },
]

const custom: ProtocolDefinition[] = []

/**
 * Registers a protocol of your own (or replaces a built-in decoder with the same name). Custom
 * detectors run before the built-in ones.
 *
 * @example
 * ```ts
 * registerProtocol({
 *   name: 'my-events',
 *   detect: (headers) => (headers && 'x-my-events' in headers ? 'my-events' : undefined),
 *   createDecoder: () => ({ finished: false, decode: (m, emit) => emit({ type: 'text-delta', messageId: 'm', delta: m.data }), end: () => {} }),
 * })
 * ```
 */
export function registerProtocol(definition: ProtocolDefinition): () => void {
  custom.unshift(definition)
  return () => {
    const index = custom.indexOf(definition)
    if (index >= 0) custom.splice(index, 1)
  }
}

/**
 * Finds the protocol definition for a name (custom ones first).
 *
 * @example
 * ```ts
 * const decoder = getProtocol('openai-chat')?.createDecoder()
 * ```
 */
export function getProtocol(name: string): ProtocolDefinition | undefined {
  return [...custom, ...builtIn].find((definition) => definition.name === name)
}

/**
 * Picks the protocol of a stream from its response headers and first messages: a header
 * (`x-vercel-ai-ui-message-stream`), an `event: response.*` line, `"object":"chat.completion.chunk"`,
 * an upper-case AG-UI `type`, an Agents SDK event type, or an AI SDK chunk type. Returns
 * `undefined` while the messages so far cannot tell (pass `final: true` for a best guess).
 *
 * @example
 * ```ts
 * detectProtocol(undefined, [{ data: '{"type":"RUN_STARTED","threadId":"t","runId":"r"}' }]) // 'ag-ui'
 * ```
 */
export function detectProtocol(
  headers: HeadersLike | undefined,
  messages: readonly SseMessage[],
  options: { final?: boolean } = {},
): string | undefined {
  for (const definition of [...custom, ...builtIn]) {
    const name = definition.detect?.(headers, messages)
    if (name) return name
  }
  // What one message says about its protocol, if it says anything.
  for (const message of messages) {
    if (message.event?.startsWith('response.')) return 'openai-responses'
    const object = parseObject(message.data.trimStart())
    const type = asString(object?.type)
    if (object?.object === 'chat.completion.chunk') return 'openai-chat'
    if (type === undefined) continue
    if (agentsTypes.has(type)) return 'openai-agents'
    if (type.startsWith('response.')) return 'openai-responses'
    if (/^[A-Z][A-Z_]+$/.test(type)) return 'ag-ui'
    if (aiSdkTypes.has(type) || type.startsWith('data-')) return 'ai-sdk'
  }
  // A line that cannot be JSON is a plain-text endpoint's: its first words need not wait for the window.
  if (messages.some((message) => /^\s*[^\s[{]/.test(message.data))) return 'text'
  if (!options.final) return undefined
  // Nothing decisive arrived: error frames and plain text still say something.
  for (const message of messages) {
    const object = parseObject(message.data)
    if (object?.type === 'error') {
      if (typeof object.errorText === 'string') return 'ai-sdk'
      return object.error !== undefined ? 'openai-agents' : 'openai-responses'
    }
    if (object?.error !== undefined) return 'openai-chat'
  }
  return 'text'
}

export type {
  Emit,
  HeadersLike,
  ProtocolDecoder,
  ProtocolDefinition,
  ProtocolDetector,
  SseMessage,
} from './types'
export {
  createAgUiDecoder,
  createAiSdkDecoder,
  createOpenAIAgentsDecoder,
  createOpenAIChatDecoder,
  createOpenAIResponsesDecoder,
  createTextDecoder,
}
