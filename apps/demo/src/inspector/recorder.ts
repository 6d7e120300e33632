/**
 * What the event inspector shows: every request, every raw SSE frame (the response body is teed —
 * tapped on its way to the store — and framed by the core's own `createSseFramer`) and every decoded
 * event (the store's `onEvent`), with timestamps; and the raw bytes, for "download the recording".
 */
import type { AgentEvent } from '@agentstream/core'
import { createSseFramer } from '@agentstream/core'

export type EntryKind = 'request' | 'response' | 'frame' | 'comment' | 'event' | 'end' | 'error'

export interface InspectorEntry {
  seq: number
  /** Which request (0-based) it belongs to. */
  request: number
  kind: EntryKind
  /** Epoch ms. */
  at: number
  /** Ms since its request started. */
  elapsed: number
  /** The frame's `event:` name or its JSON `type`; the decoded event's `type`; … */
  type: string
  /** One-line preview. */
  summary: string
  /** Everything (pretty JSON for frames and events). */
  detail: string
}

export interface RecordedRequest {
  index: number
  url: string
  method: string
  startedAt: number
  status?: number
  contentType?: string
  chunks: Uint8Array[]
  bytes: number
  frames: number
  events: number
  outcome?: 'ended' | 'aborted' | 'failed'
}

/** Rows kept: the oldest go first (a 50,000-frame stream keeps its last 20,000). */
export const MAX_ENTRIES = 20_000

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

/** A name for a raw frame: its `event:` name, or its JSON's `type` (with `name` / `data.type` for the Agents SDK). */
export function frameType(message: { event?: string; data: string }): string {
  if (message.event) return message.event
  const data = message.data.trim()
  if (data === '[DONE]') return '[DONE]'
  try {
    const value = JSON.parse(data) as Record<string, unknown>
    if (value && typeof value === 'object') {
      if (typeof value.type === 'string') {
        if (value.type === 'run_item_stream_event' && typeof value.name === 'string')
          return `${value.type}:${value.name}`
        const inner = value.data as Record<string, unknown> | undefined
        if (value.type === 'raw_model_stream_event' && typeof inner?.type === 'string') {
          const event = inner.event as Record<string, unknown> | undefined
          return inner.type === 'model' && typeof event?.type === 'string'
            ? `${value.type}:model:${event.type}`
            : `${value.type}:${inner.type}`
        }
        return value.type
      }
      if (typeof value.object === 'string') return value.object
      if (value.error) return 'error'
    }
    return 'data'
  } catch {
    return 'data (not JSON)'
  }
}

function eventSummary(event: AgentEvent): string {
  const record = event as unknown as Record<string, unknown>
  for (const key of ['delta', 'name', 'to', 'outcome', 'protocol'])
    if (typeof record[key] === 'string') return `${key}: ${JSON.stringify(record[key])}`
  if (record.error && typeof record.error === 'object')
    return String((record.error as { message?: unknown }).message ?? '')
  const { type: _type, ...rest } = record
  const text = JSON.stringify(rest)
  return text === '{}' ? '' : text
}

export class Recorder {
  entries: InspectorEntry[] = []
  requests: RecordedRequest[] = []
  /** Rows dropped to keep {@link MAX_ENTRIES}. */
  dropped = 0
  private version = 0
  private listeners = new Set<() => void>()
  private scheduled: ReturnType<typeof setTimeout> | undefined
  private seq = 0

  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  getVersion = () => this.version

  /** Listeners hear about changes at most every 50 ms (a token-heavy stream adds thousands of rows). */
  private changed() {
    if (this.scheduled) return
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined
      this.trim(MAX_ENTRIES)
      this.version++
      for (const listener of [...this.listeners]) listener()
    }, 50)
  }

  private add(kind: EntryKind, type: string, summary: string, detail: string) {
    const request = this.requests[this.requests.length - 1]
    const at = Date.now()
    this.entries.push({
      seq: this.seq++,
      request: request?.index ?? 0,
      kind,
      at,
      elapsed: request ? at - request.startedAt : 0,
      type,
      summary,
      detail,
    })
    // Trimmed in batches (one `splice` per row would move 20,000 rows each time), and before listeners hear.
    if (this.entries.length > MAX_ENTRIES + 2_000) this.trim(MAX_ENTRIES)
    this.changed()
  }

  private trim(limit: number) {
    const over = this.entries.length - limit
    if (over <= 0) return
    this.entries.splice(0, over)
    this.dropped += over
  }

  clear() {
    this.entries = []
    this.requests = []
    this.dropped = 0
    this.version++
    for (const listener of [...this.listeners]) listener()
  }

  /** The store's `onEvent`. */
  onEvent = (event: AgentEvent) => {
    const request = this.requests[this.requests.length - 1]
    if (request) request.events++
    this.add('event', event.type, eventSummary(event), JSON.stringify(event, null, 2))
  }

  /** A `fetch` for the store: the same response, its body teed to the inspector. */
  fetch: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const method = (init?.method ?? 'GET').toUpperCase()
    const request: RecordedRequest = {
      index: this.requests.length,
      url,
      method,
      startedAt: Date.now(),
      chunks: [],
      bytes: 0,
      frames: 0,
      events: 0,
    }
    this.requests.push(request)
    const headers = new Headers(init?.headers)
    const headerLines = [...headers].map(([name, value]) => `${name}: ${value}`).join('\n')
    const body = typeof init?.body === 'string' ? init.body : ''
    this.add('request', method, url, `${method} ${url}\n${headerLines}${body ? `\n\n${pretty(body)}` : ''}`)
    let response: Response
    try {
      response = await globalThis.fetch(input, init)
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      if (init?.signal?.aborted) {
        request.outcome = 'aborted'
        this.add(
          'end',
          'aborted',
          'before any response',
          `The request was aborted before any response came (a stop, or the idle timeout): ${message}`,
        )
      } else {
        request.outcome = 'failed'
        this.add('error', 'fetch failed', `no response: ${message}`, message)
      }
      throw error
    }
    request.status = response.status
    request.contentType = response.headers.get('content-type') ?? undefined
    const responseHeaders = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')
    this.add(
      'response',
      String(response.status),
      `${response.status} ${response.statusText} · ${request.contentType ?? 'no content-type'}`,
      `HTTP ${response.status} ${response.statusText}\n${responseHeaders}`,
    )
    if (!response.body) {
      request.outcome = 'ended'
      this.add('end', 'no body', 'the response has no body', 'The response came without a body.')
      return response
    }
    // A tap on the body (a tee that reads in step): each chunk goes through the inspector's framer
    // first, then on to the store, so a raw frame is listed before the events decoded from it. It
    // reads the body itself, so it sees how the body ends: cleanly, cut (the connection was lost) or
    // aborted.
    return new Response(this.tap(request, response.body, init?.signal ?? undefined), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    })
  }

  private tap(
    request: RecordedRequest,
    body: ReadableStream<Uint8Array>,
    signal: AbortSignal | undefined,
  ): ReadableStream<Uint8Array> {
    const framer = createSseFramer({
      onMessage: (message) => {
        request.frames++
        const type = frameType(message)
        const lines = [
          ...(message.event !== undefined ? [`event: ${message.event}`] : []),
          ...(message.id !== undefined ? [`id: ${message.id}`] : []),
        ]
        this.add(
          'frame',
          type,
          message.data.length > 240 ? `${message.data.slice(0, 240)}…` : message.data,
          [...lines, pretty(message.data)].join('\n'),
        )
      },
      onComment: (comment) => this.add('comment', 'comment', `: ${comment}`, `: ${comment}`),
      onRetry: (milliseconds) =>
        this.add('comment', 'retry', `retry: ${milliseconds}`, `retry: ${milliseconds}`),
    })
    const frames = () => `${request.frames} frame${request.frames === 1 ? '' : 's'}`
    const onAbort = () => {
      if (request.outcome) return
      request.outcome = 'aborted'
      this.add(
        'end',
        'aborted',
        `after ${request.bytes} bytes`,
        `The request was aborted after ${request.bytes} bytes and ${frames()} (a stop, or the idle timeout).`,
      )
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    const reader = body.getReader()
    const settle = () => signal?.removeEventListener('abort', onAbort)
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          let result: ReadableStreamReadResult<Uint8Array>
          try {
            result = await reader.read()
          } catch (error) {
            settle()
            if (signal?.aborted) onAbort()
            else if (!request.outcome) {
              // The body failed: the connection was lost (a reset, a proxy timeout, a server crash).
              const cut = framer.end()
              request.outcome = 'failed'
              const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
              const where = cut ? ' (the last frame was cut off)' : ''
              this.add(
                'error',
                'connection lost',
                `after ${request.bytes} bytes, ${frames()}${where}`,
                `The connection was lost after ${request.bytes} bytes and ${frames()}${where}: ${reason}.`,
              )
            }
            controller.error(error)
            return
          }
          if (result.done) {
            settle()
            const cut = framer.end()
            if (!request.outcome) {
              request.outcome = 'ended'
              this.add(
                'end',
                'end of body',
                `${request.bytes} bytes, ${frames()}${cut ? ' — the body ended inside a frame' : ''}`,
                `The response body ended after ${request.bytes} bytes and ${frames()}.${cut ? ' Its last frame was cut off (no blank line after it).' : ''}`,
              )
            }
            controller.close()
            return
          }
          const chunk = result.value
          request.chunks.push(chunk)
          request.bytes += chunk.byteLength
          framer.feed(chunk)
          controller.enqueue(chunk)
        },
        cancel: (reason) => {
          settle()
          if (signal?.aborted) onAbort()
          else if (!request.outcome) {
            request.outcome = 'ended'
            this.add(
              'end',
              'cancelled',
              `the reader stopped after ${request.bytes} bytes`,
              `The store stopped reading the body after ${request.bytes} bytes and ${frames()}.`,
            )
          }
          return reader.cancel(reason)
        },
        // Reads only when the store does: how the body ended is listed after the store has had
        // (and decoded) everything before it, not ahead of its events.
      },
      { highWaterMark: 0 },
    )
  }

  /** The raw bytes of a response, as a `.sse` file a user can replay (`agentstream replay`) or attach. */
  recording(index = this.requests.length - 1): Blob | undefined {
    const request = this.requests[index]
    if (!request || request.bytes === 0) return undefined
    return new Blob(request.chunks as BlobPart[], { type: 'text/event-stream' })
  }
}

export function recordingName(request: RecordedRequest, protocol: string | null): string {
  const stamp = new Date(request.startedAt).toISOString().replace(/[:.]/g, '-').replace(/Z$/, '')
  let host = 'stream'
  try {
    const url = new URL(request.url, window.location.href)
    host = `${url.host}${url.pathname}`.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')
  } catch {}
  return `${protocol ?? 'unknown'}_${host}_${stamp}.sse`
}
