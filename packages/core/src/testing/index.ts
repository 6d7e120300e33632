/**
 * Test utilities: replay recorded SSE bodies into a store or a `Response`, split into chunks of
 * given or random sizes, optionally paced; a `fetch` that serves recorded bodies. For testing the
 * kit and your own UI with real streams instead of hand-typed events.
 *
 * @module
 */
import type { AgentStream, AgentStreamOptions } from '../store'
import { createAgentStream } from '../store'
import { safeJsonParse } from '../utils/safe-json'

/**
 * A recorded body: text, bytes, or a stream.
 *
 * @example
 * ```ts
 * const body: RecordedBody = 'data: {"type":"finish"}\n\ndata: [DONE]\n\n'
 * ```
 */
export type RecordedBody = string | Uint8Array | ReadableStream<Uint8Array>

/**
 * How to cut a body into chunks: a fixed size, a list of sizes (cycled), `'random'` (1–64 bytes,
 * seeded), or a function of the chunk index.
 *
 * @example
 * ```ts
 * const split: ChunkSizes = [1, 7, 64]
 * ```
 */
export type ChunkSizes = number | readonly number[] | 'random' | ((index: number) => number)

/**
 * Options for cutting and pacing a replay.
 *
 * @example
 * ```ts
 * const options: ReplayOptions = { chunkSizes: 'random', seed: 42, delay: 5 }
 * ```
 */
export interface ReplayOptions {
  /** Bytes per chunk; the whole body in one chunk by default. */
  chunkSizes?: ChunkSizes
  /** Seed for `chunkSizes: 'random'`. */
  seed?: number
  /** Milliseconds between chunks (0 by default: as fast as the reader takes them). */
  delay?: number
  /** Response status (default 200). */
  status?: number
  headers?: HeadersInit
  /** Error the stream with this after all chunks: a cut connection. */
  cutAfter?: number
}

function toBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body
}

/** A small deterministic generator (mulberry32), so random splits can be replayed. */
function seededRandom(seed: number): () => number {
  let value = seed >>> 0
  return () => {
    value = (value + 0x6d2b79f5) >>> 0
    let mixed = value
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1)
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61)
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Cuts bytes into chunks.
 *
 * @example
 * ```ts
 * splitBytes(new TextEncoder().encode('data: hi\n\n'), 3).length // 4
 * ```
 */
export function splitBytes(
  body: string | Uint8Array,
  chunkSizes: ChunkSizes = Number.POSITIVE_INFINITY,
  seed = 1,
): Uint8Array[] {
  const bytes = toBytes(body)
  const random = seededRandom(seed)
  const sizeAt = (index: number): number => {
    if (typeof chunkSizes === 'number') return chunkSizes
    if (chunkSizes === 'random') return 1 + Math.floor(random() * 64)
    if (typeof chunkSizes === 'function') return chunkSizes(index)
    return chunkSizes[index % chunkSizes.length] ?? 1
  }
  const chunks: Uint8Array[] = []
  let offset = 0
  for (let index = 0; offset < bytes.length; index++) {
    const size = Math.max(1, Math.floor(sizeAt(index)))
    chunks.push(bytes.subarray(offset, Math.min(bytes.length, offset + size)))
    offset += size
  }
  return chunks
}

/**
 * A `ReadableStream` that replays a recorded body in chunks, optionally paced, optionally cut
 * (erroring like a dropped connection) after `cutAfter` bytes.
 *
 * @example
 * ```ts
 * const stream = replayStream('data: hi\n\n', { chunkSizes: 1, delay: 2 })
 * ```
 */
export function replayStream(
  body: string | Uint8Array,
  options: ReplayOptions = {},
): ReadableStream<Uint8Array> {
  let bytes = toBytes(body)
  const cut = options.cutAfter !== undefined && options.cutAfter < bytes.length
  if (cut) bytes = bytes.subarray(0, options.cutAfter)
  const chunks = splitBytes(bytes, options.chunkSizes, options.seed)
  let index = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index >= chunks.length) {
        if (cut) controller.error(new TypeError('terminated: the recorded connection was cut'))
        else controller.close()
        return
      }
      if (options.delay && index > 0) {
        await new Promise<void>((resolve) => {
          timer = setTimeout(resolve, options.delay)
        })
      }
      controller.enqueue(chunks[index++]!)
    },
    cancel() {
      clearTimeout(timer)
    },
  })
}

/**
 * A `Response` whose body replays a recording, as a server would send it.
 *
 * @example
 * ```ts
 * const response = replayResponse(body, { chunkSizes: 'random', headers: { 'x-vercel-ai-ui-message-stream': 'v1' } })
 * ```
 */
export function replayResponse(body: RecordedBody, options: ReplayOptions = {}): Response {
  const stream = body instanceof ReadableStream ? body : replayStream(body, options)
  return new Response(stream, {
    status: options.status ?? 200,
    headers: {
      'content-type': 'text/event-stream',
      ...Object.fromEntries(new Headers(options.headers).entries()),
    },
  })
}

/**
 * One recorded answer served by {@link createReplayFetch}.
 *
 * @example
 * ```ts
 * const route: ReplayRoute = { body: recorded, chunkSizes: 7 }
 * ```
 */
export interface ReplayRoute extends ReplayOptions {
  body: string | Uint8Array
}

/**
 * A request seen by {@link createReplayFetch}.
 *
 * @example
 * ```ts
 * const fetch = createReplayFetch([route])
 * await store.send('Hi')
 * fetch.requests[0]?.body // the JSON body the store sent
 * ```
 */
export interface RecordedRequest {
  url: string
  method: string
  headers: Record<string, string>
  body: unknown
}

/**
 * A `fetch` that answers each call with the next recorded body (the last one repeats), records
 * the requests it got, and honours `AbortSignal`.
 *
 * @example
 * ```ts
 * const fetch = createReplayFetch([{ body: recorded, chunkSizes: 'random' }])
 * const store = createAgentStream({ url: '/api/agent', fetch, batch: 'sync' })
 * await store.send('Hi')
 * ```
 */
export function createReplayFetch(
  routes: readonly (ReplayRoute | ((request: RecordedRequest) => ReplayRoute))[],
): typeof fetch & { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = []
  const replayFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const headers = Object.fromEntries(new Headers(init?.headers).entries())
    let body: unknown = init?.body
    if (typeof body === 'string') {
      const parsed = safeJsonParse(body)
      if (parsed.ok) body = parsed.value
    }
    const request: RecordedRequest = { url, method: init?.method ?? 'GET', headers, body }
    requests.push(request)
    const signal = init?.signal
    if (signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError')
    const entry = routes[Math.min(requests.length - 1, routes.length - 1)]
    if (!entry) throw new TypeError('createReplayFetch: no recorded body')
    const route = typeof entry === 'function' ? entry(request) : entry
    const stream = replayStream(route.body, route)
    const reader = stream.getReader()
    // Abort errors the body like a real fetch does.
    const body$ = new ReadableStream<Uint8Array>({
      start(controller) {
        signal?.addEventListener('abort', () => {
          controller.error(new DOMException('The operation was aborted.', 'AbortError'))
          void reader.cancel()
        })
      },
      async pull(controller) {
        try {
          const { done, value } = await reader.read()
          if (done) controller.close()
          else controller.enqueue(value)
        } catch (error) {
          controller.error(error)
        }
      },
      cancel() {
        return reader.cancel()
      },
    })
    return new Response(body$, {
      status: route.status ?? 200,
      headers: {
        'content-type': 'text/event-stream',
        ...Object.fromEntries(new Headers(route.headers).entries()),
      },
    })
  }
  return Object.assign(replayFetch as typeof fetch, { requests })
}

/**
 * A store fed by recorded bodies instead of a server: `send` replays the next recording.
 *
 * @example
 * ```ts
 * const store = createReplayStore([{ body: recorded }])
 * await store.send('Hi')
 * store.getState().status // 'done'
 * ```
 */
export function createReplayStore(
  routes: readonly (ReplayRoute | ((request: RecordedRequest) => ReplayRoute))[],
  options: AgentStreamOptions = {},
): AgentStream & { fetch: ReturnType<typeof createReplayFetch> } {
  const fetch = createReplayFetch(routes)
  const store = createAgentStream({ url: 'http://agentstream.test/replay', batch: 'sync', ...options, fetch })
  return Object.assign(store, { fetch })
}

/**
 * Reads a recorded body into an existing store, as if its server had sent it.
 *
 * @example
 * ```ts
 * await replayInto(store, recorded, { chunkSizes: 'random', seed: 7 })
 * ```
 */
export function replayInto(
  store: AgentStream,
  body: string | Uint8Array,
  options: ReplayOptions = {},
): Promise<void> {
  return store.consume(replayResponse(body, options))
}
