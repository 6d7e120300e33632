import { type DisconnectPolicy, type Producer, startLiveRun, storeSource } from './live'
import {
  type ChunkSource,
  chunkSourceToResponse,
  type NodeResponseLike,
  pipeChunkSourceToNodeResponse,
  type StreamOptions,
  sequencedSource,
} from './sinks'
import { createRunId, type FramePayload } from './sse'
import type { EventStore } from './store'

/**
 * An `openai` stream (`Stream<T>` from `client.responses.create({ stream: true })` or
 * `client.chat.completions.create({ stream: true })`), or any async iterable of events. When it has
 * a `controller`, a client that goes away aborts the upstream request.
 *
 * @example
 * ```ts
 * const stream: OpenAIStreamLike<{ type: string }> = await client.responses.create({ model, input, stream: true })
 * ```
 */
export type OpenAIStreamLike<T> = AsyncIterable<T> & { controller?: AbortController }

/**
 * Options of the pass-through helpers.
 *
 * @example
 * ```ts
 * const options: PassThroughOptions = { store, keepAliveInterval: 10_000 }
 * ```
 */
export interface PassThroughOptions extends StreamOptions {
  /**
   * Keep the frames in this event log, with `id: <runId>:<seq>`, so a reconnect can resume through
   * `resumeSSE`. Without a store no `id:` is sent (a reconnect could not be served).
   */
  store?: EventStore
  /** With a store: the id of this stream in the log (`run_<uuid>` by default). */
  runId?: string
  /** With a store: `'keep'` reads the upstream to the end even when the client left. Default `'cancel'`. */
  onDisconnect?: DisconnectPolicy
  /** With `'keep'`: abort upstream when no client read it for this long (ms). Default 30,000. */
  resumeWindow?: number
}

function iteratorProducer<T>(
  stream: OpenAIStreamLike<T>,
  frame: (event: T) => FramePayload,
  end: () => FramePayload | null,
  fail: (error: unknown) => FramePayload,
): Producer {
  const iterator = stream[Symbol.asyncIterator]()
  let done = false
  let cancelled = false
  return {
    async next() {
      if (done || cancelled) return null
      try {
        const result = await iterator.next()
        if (!result.done) return frame(result.value)
        done = true
        return end()
      } catch (error) {
        done = true
        return cancelled ? null : fail(error)
      }
    },
    cancel() {
      if (cancelled || done) return
      cancelled = true
      try {
        stream.controller?.abort()
      } catch {}
      if (!stream.controller) void iterator.return?.()?.catch(() => {})
    },
  }
}

function passThroughSource(
  producer: Producer,
  options: PassThroughOptions,
): { runId?: string; source: ChunkSource } {
  if (!options.store) {
    return {
      source: sequencedSource(
        () => producer.next(),
        (reason) => producer.cancel(reason),
      ),
    }
  }
  const runId = options.runId ?? createRunId()
  startLiveRun(options.store, runId, producer, {
    onDisconnect: options.onDisconnect ?? 'cancel',
    resumeWindow: options.resumeWindow ?? 30_000,
  })
  return { runId, source: storeSource(options.store, runId, -1) }
}

function withRunHeader(options: PassThroughOptions, runId: string | undefined): PassThroughOptions {
  return runId ? { ...options, headers: { 'x-agentstream-run-id': runId, ...options.headers } } : options
}

function errorObject(error: unknown): Record<string, unknown> {
  const record = (error && typeof error === 'object' ? error : {}) as Record<string, unknown>
  const inner =
    record.error && typeof record.error === 'object' ? (record.error as Record<string, unknown>) : {}
  const message =
    (typeof inner.message === 'string' && inner.message) ||
    (error instanceof Error ? error.message : typeof error === 'string' ? error : 'The stream failed.')
  return {
    message,
    type: inner.type ?? record.type ?? 'server_error',
    param: inner.param ?? record.param ?? null,
    code: inner.code ?? record.code ?? null,
  }
}

function responsesProducer(stream: OpenAIStreamLike<{ type: string; sequence_number?: number }>): Producer {
  let sequence = -1
  return iteratorProducer(
    stream,
    (event) => {
      if (typeof event.sequence_number === 'number') sequence = event.sequence_number
      return { event: event.type, data: JSON.stringify(event) }
    },
    () => null,
    (error) => {
      const { message, code, param } = errorObject(error)
      return {
        event: 'error',
        data: JSON.stringify({ type: 'error', code, message, param, sequence_number: sequence + 1 }),
      }
    },
  )
}

function chatProducer(stream: OpenAIStreamLike<unknown>): Producer {
  return iteratorProducer(
    stream,
    (chunk) => ({ data: JSON.stringify(chunk) }),
    () => ({ data: '[DONE]' }),
    (error) => ({ data: JSON.stringify({ error: errorObject(error) }) }),
  )
}

/**
 * Proxies an OpenAI Responses API stream as SSE in the API's own wire format
 * (`event: <type>\ndata: <json>`), so any Responses client (and `@agentstream/core`) reads it.
 * A mid-stream failure becomes the API's `error` event. Pull-based: the upstream is read only as
 * fast as the client reads; a client that goes away aborts the upstream request.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai'
 * import { responsesStreamToSSE } from '@agentstream/server'
 *
 * const client = new OpenAI()
 * export async function POST(request: Request) {
 *   const { input } = await request.json()
 *   const stream = await client.responses.create({ model: 'gpt-5.4-mini', input, stream: true })
 *   return responsesStreamToSSE(stream, { signal: request.signal })
 * }
 * ```
 */
export function responsesStreamToSSE(
  stream: OpenAIStreamLike<{ type: string; sequence_number?: number }>,
  options: PassThroughOptions = {},
): Response {
  const { runId, source } = passThroughSource(responsesProducer(stream), options)
  return chunkSourceToResponse(source, withRunHeader(options, runId))
}

/**
 * Proxies a Chat Completions stream as SSE in its own wire format: `data: <chunk>` … `data: [DONE]`;
 * a mid-stream failure becomes `data: {"error":{"message","type","param","code"}}` (and no `[DONE]`).
 *
 * @example
 * ```ts
 * import OpenAI from 'openai'
 * import { chatStreamToSSE } from '@agentstream/server'
 *
 * const client = new OpenAI()
 * export async function POST(request: Request) {
 *   const { messages } = await request.json()
 *   const stream = await client.chat.completions.create({ model: 'gpt-5.4-mini', messages, stream: true })
 *   return chatStreamToSSE(stream, { signal: request.signal })
 * }
 * ```
 */
export function chatStreamToSSE(
  stream: OpenAIStreamLike<unknown>,
  options: PassThroughOptions = {},
): Response {
  const { runId, source } = passThroughSource(chatProducer(stream), options)
  return chunkSourceToResponse(source, withRunHeader(options, runId))
}

/**
 * {@link responsesStreamToSSE} for a Node `http.ServerResponse` / Express response (with backpressure).
 *
 * @example
 * ```ts
 * app.post('/api/responses', async (req, res) => {
 *   const stream = await client.responses.create({ model: 'gpt-5.4-mini', input: req.body.input, stream: true })
 *   await pipeResponsesStreamToNodeResponse(stream, res)
 * })
 * ```
 */
export async function pipeResponsesStreamToNodeResponse(
  stream: OpenAIStreamLike<{ type: string; sequence_number?: number }>,
  res: NodeResponseLike,
  options: PassThroughOptions = {},
): Promise<void> {
  const { runId, source } = passThroughSource(responsesProducer(stream), options)
  await pipeChunkSourceToNodeResponse(source, res, withRunHeader(options, runId))
}

/**
 * {@link chatStreamToSSE} for a Node `http.ServerResponse` / Express response (with backpressure).
 *
 * @example
 * ```ts
 * app.post('/api/chat', async (req, res) => {
 *   const stream = await client.chat.completions.create({ model: 'gpt-5.4-mini', messages: req.body.messages, stream: true })
 *   await pipeChatStreamToNodeResponse(stream, res)
 * })
 * ```
 */
export async function pipeChatStreamToNodeResponse(
  stream: OpenAIStreamLike<unknown>,
  res: NodeResponseLike,
  options: PassThroughOptions = {},
): Promise<void> {
  const { runId, source } = passThroughSource(chatProducer(stream), options)
  await pipeChunkSourceToNodeResponse(source, res, withRunHeader(options, runId))
}
