/**
 * SSE framing shared by every helper: event ids (`<runId>:<seq>`), frame encoding, headers.
 *
 * @module
 */

/**
 * One frame before it gets its id: an optional SSE `event:` name and the `data:` text.
 *
 * @example
 * ```ts
 * const frame: FramePayload = { event: 'response.created', data: '{"type":"response.created"}' }
 * ```
 */
export interface FramePayload {
  event?: string
  data: string
}

/**
 * A frame as the event log keeps it: its position in the run (`seq`, from 0 upward) and its payload.
 *
 * @example
 * ```ts
 * const frame: StoredFrame = { seq: 0, data: '{"type":"run_started","runId":"run_1","agent":{"name":"Assistant"}}' }
 * ```
 */
export interface StoredFrame extends FramePayload {
  seq: number
}

/**
 * The headers every SSE response of this package carries.
 *
 * @example
 * ```ts
 * new Response(body, { headers: { ...SSE_HEADERS, 'x-custom': '1' } })
 * ```
 */
export const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
})

/**
 * The keep-alive comment (`: ping`), ignored by every SSE client.
 *
 * @example
 * ```ts
 * res.write(PING)
 * ```
 */
export const PING = ': ping\n\n'

/**
 * Formats an SSE event id: `<runId>:<seq>`.
 *
 * @example
 * ```ts
 * formatEventId('run_abc', 3) // 'run_abc:3'
 * ```
 */
export function formatEventId(runId: string, seq: number): string {
  return `${runId}:${seq}`
}

/**
 * Parses an event id made by {@link formatEventId}. Returns `undefined` for anything else.
 *
 * @example
 * ```ts
 * parseEventId('run_abc:3') // { runId: 'run_abc', seq: 3 }
 * ```
 */
export function parseEventId(id: string | null | undefined): { runId: string; seq: number } | undefined {
  if (!id) return undefined
  const colon = id.lastIndexOf(':')
  if (colon <= 0) return undefined
  const seqText = id.slice(colon + 1)
  if (!/^\d+$/.test(seqText)) return undefined
  const seq = Number(seqText)
  if (!Number.isSafeInteger(seq)) return undefined
  return { runId: id.slice(0, colon), seq }
}

const lineBreak = /\r\n|\r|\n/

/**
 * Encodes one SSE frame. Multi-line data becomes several `data:` lines, so any text is safe.
 *
 * @example
 * ```ts
 * encodeFrame({ id: 'run_1:0', data: '{"type":"run_started"}' }) // 'id: run_1:0\ndata: {"type":"run_started"}\n\n'
 * ```
 */
export function encodeFrame(frame: FramePayload & { id?: string; retry?: number }): string {
  let text = ''
  if (frame.retry !== undefined) text += `retry: ${Math.max(0, Math.floor(frame.retry))}\n`
  if (frame.id !== undefined) text += `id: ${frame.id.replace(lineBreak, '')}\n`
  if (frame.event !== undefined) text += `event: ${frame.event.replace(lineBreak, '')}\n`
  for (const line of frame.data.split(lineBreak)) text += `data: ${line}\n`
  return `${text}\n`
}

/**
 * A new run id: `run_` and a random UUID.
 *
 * @example
 * ```ts
 * const runId = createRunId() // 'run_3f2b…'
 * ```
 */
export function createRunId(): string {
  const uuid =
    globalThis.crypto?.randomUUID?.() ??
    `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`
  return `run_${uuid.replace(/-/g, '')}`
}

/**
 * The `{name, message}` an error frame carries.
 *
 * @example
 * ```ts
 * describeError(new TypeError('boom')) // { name: 'TypeError', message: 'boom' }
 * ```
 */
export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name || 'Error', message: error.message || String(error) }
  if (error && typeof error === 'object') {
    const record = error as Record<string, unknown>
    const name = typeof record.name === 'string' ? record.name : 'Error'
    const message = typeof record.message === 'string' ? record.message : JSON.stringify(error)
    return { name, message }
  }
  return { name: 'Error', message: String(error) }
}
