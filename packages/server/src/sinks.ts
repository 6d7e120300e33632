import { encodeFrame, PING, SSE_HEADERS } from './sse'

/**
 * Why a stream's reader went away.
 * - `disconnect`: the client closed the connection (or the request's signal aborted);
 * - `stalled`: the client stopped reading and was dropped after {@link StreamOptions.stallTimeout}.
 *
 * @example
 * ```ts
 * const reason: DisconnectReason = 'stalled'
 * ```
 */
export type DisconnectReason = 'disconnect' | 'stalled'

/**
 * A pull-based source of encoded SSE text (internal plumbing, exported for custom adapters).
 * `pull` resolves with the next chunk, or `null` at the end; `cancel` makes a pending `pull` end soon.
 *
 * @example
 * ```ts
 * const chunks = ['data: 1\n\n', 'data: 2\n\n']
 * const source: ChunkSource = { pull: async () => chunks.shift() ?? null, cancel: () => {} }
 * ```
 */
export interface ChunkSource {
  pull(): Promise<string | null>
  cancel(reason: DisconnectReason): void
}

/**
 * Transport options every SSE helper accepts.
 *
 * @example
 * ```ts
 * const options: StreamOptions = { keepAliveInterval: 10_000, stallTimeout: 30_000, retry: 1_000 }
 * ```
 */
export interface StreamOptions {
  /** Milliseconds between `: ping` comments while the stream is quiet; 0 turns them off. Default 15,000. */
  keepAliveInterval?: number
  /**
   * A client that stops reading (the socket's buffer stays full) is dropped after this many ms.
   * Default 30,000; 0 never drops.
   */
  stallTimeout?: number
  /** Bytes queued for the client before the server stops pulling events (Web path). Default 65,536. */
  highWaterMark?: number
  /** Sends `retry: <ms>` first: how long the browser/client waits before reconnecting. */
  retry?: number
  /** Extra response headers. */
  headers?: Record<string, string>
  /** Aborts like a client disconnect (pass the request's `signal` on the Web path). */
  signal?: AbortSignal
  /** Called when the client went away before the end (after the source was told). */
  onClientGone?: (reason: DisconnectReason) => void
}

function retryLine(retry: number | undefined): string {
  return retry === undefined ? '' : `retry: ${Math.max(0, Math.floor(retry))}\n\n`
}

/**
 * Wraps a {@link ChunkSource} in a pull-based `ReadableStream`: it asks the source for more only
 * while fewer than `highWaterMark` bytes wait for the client, sends keep-alive pings, and drops a
 * client that stops reading.
 *
 * @example
 * ```ts
 * const body = chunkSourceToStream(source, { keepAliveInterval: 5_000 })
 * return new Response(body, { headers: SSE_HEADERS })
 * ```
 */
export function chunkSourceToStream(
  source: ChunkSource,
  options: StreamOptions = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const keepAlive = options.keepAliveInterval ?? 15_000
  const stallTimeout = options.stallTimeout ?? 30_000
  let pingTimer: ReturnType<typeof setInterval> | undefined
  let stallTimer: ReturnType<typeof setTimeout> | undefined
  let closed = false
  let onAbort: (() => void) | undefined

  const cleanup = () => {
    closed = true
    clearInterval(pingTimer)
    clearTimeout(stallTimer)
    if (onAbort) options.signal?.removeEventListener('abort', onAbort)
  }

  const goneAway = (reason: DisconnectReason) => {
    if (closed) return
    cleanup()
    source.cancel(reason)
    options.onClientGone?.(reason)
  }

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const first = retryLine(options.retry)
        if (first) controller.enqueue(encoder.encode(first))
        if (keepAlive > 0) {
          pingTimer = setInterval(() => {
            // A ping never piles up behind a client that does not read.
            if (!closed && (controller.desiredSize ?? 0) > 0) controller.enqueue(encoder.encode(PING))
          }, keepAlive)
          ;(pingTimer as { unref?: () => void }).unref?.()
        }
        if (options.signal) {
          onAbort = () => {
            goneAway('disconnect')
            try {
              controller.error(new Error('The client went away.'))
            } catch {}
          }
          if (options.signal.aborted) onAbort()
          else options.signal.addEventListener('abort', onAbort, { once: true })
        }
      },
      async pull(controller) {
        clearTimeout(stallTimer)
        if (closed) return
        let chunk: string | null
        try {
          chunk = await source.pull()
        } catch (error) {
          cleanup()
          controller.error(error)
          return
        }
        if (closed) return
        if (chunk === null) {
          cleanup()
          controller.close()
          return
        }
        controller.enqueue(encoder.encode(chunk))
        if (stallTimeout > 0 && (controller.desiredSize ?? 1) <= 0) {
          stallTimer = setTimeout(() => {
            goneAway('stalled')
            try {
              controller.error(new Error(`The client read nothing for ${stallTimeout} ms.`))
            } catch {}
          }, stallTimeout)
          ;(stallTimer as { unref?: () => void }).unref?.()
        }
      },
      cancel() {
        goneAway('disconnect')
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: Math.max(1, options.highWaterMark ?? 65_536) }),
  )
}

/**
 * A Web `Response` streaming a {@link ChunkSource} (see {@link chunkSourceToStream}).
 *
 * @example
 * ```ts
 * return chunkSourceToResponse(source, { headers: { 'x-run-id': runId } })
 * ```
 */
export function chunkSourceToResponse(source: ChunkSource, options: StreamOptions = {}): Response {
  return new Response(chunkSourceToStream(source, options), {
    status: 200,
    headers: { ...SSE_HEADERS, ...options.headers },
  })
}

/**
 * The parts of a Node `http.ServerResponse` (or Express response) the Node helpers use.
 *
 * @example
 * ```ts
 * import type { ServerResponse } from 'node:http'
 * const target: NodeResponseLike = res as ServerResponse
 * ```
 */
export interface NodeResponseLike {
  readonly headersSent: boolean
  readonly writableEnded: boolean
  readonly destroyed?: boolean
  readonly writableNeedDrain?: boolean
  writeHead(status: number, headers?: Record<string, string | string[]>): unknown
  flushHeaders?(): void
  write(chunk: string): boolean
  end(chunk?: string): unknown
  destroy(error?: Error): unknown
  on(event: 'close' | 'drain' | 'error', listener: (...args: any[]) => void): unknown
  off(event: 'close' | 'drain' | 'error', listener: (...args: any[]) => void): unknown
}

/**
 * Writes a {@link ChunkSource} to a Node response, respecting backpressure: when `res.write`
 * returns `false` it waits for `drain` before pulling more, and drops the client after
 * `stallTimeout`. Resolves when the stream ended or the client went away.
 *
 * @example
 * ```ts
 * await pipeChunkSourceToNodeResponse(source, res, { keepAliveInterval: 10_000 })
 * ```
 */
export async function pipeChunkSourceToNodeResponse(
  source: ChunkSource,
  res: NodeResponseLike,
  options: StreamOptions = {},
): Promise<void> {
  const keepAlive = options.keepAliveInterval ?? 15_000
  const stallTimeout = options.stallTimeout ?? 30_000
  let closed = false
  let finished = false
  let pingTimer: ReturnType<typeof setInterval> | undefined

  const goneAway = (reason: DisconnectReason) => {
    if (closed || finished) return
    closed = true
    source.cancel(reason)
    options.onClientGone?.(reason)
  }
  const onClose = () => goneAway('disconnect')
  const onError = () => goneAway('disconnect')
  const onAbort = () => {
    goneAway('disconnect')
    res.destroy()
  }

  if (!res.headersSent) res.writeHead(200, { ...SSE_HEADERS, connection: 'keep-alive', ...options.headers })
  res.flushHeaders?.()
  res.on('close', onClose)
  res.on('error', onError)
  options.signal?.addEventListener('abort', onAbort, { once: true })
  if (res.destroyed || options.signal?.aborted) goneAway('disconnect')

  const drained = () =>
    new Promise<boolean>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined
      const settle = (value: boolean) => {
        clearTimeout(timer)
        res.off('drain', onDrain)
        res.off('close', onGone)
        resolve(value)
      }
      const onDrain = () => settle(true)
      const onGone = () => settle(false)
      res.on('drain', onDrain)
      res.on('close', onGone)
      if (stallTimeout > 0) timer = setTimeout(() => settle(false), stallTimeout)
    })

  try {
    const first = retryLine(options.retry)
    if (first && !closed) res.write(first)
    if (keepAlive > 0) {
      pingTimer = setInterval(() => {
        if (!closed && !res.writableNeedDrain) res.write(PING)
      }, keepAlive)
      ;(pingTimer as { unref?: () => void }).unref?.()
    }
    while (!closed) {
      const chunk = await source.pull()
      if (closed) break
      if (chunk === null) {
        finished = true
        res.end()
        break
      }
      if (!res.write(chunk)) {
        const ok = await drained()
        if (!ok && !closed) {
          goneAway('stalled')
          res.destroy()
        }
      }
    }
  } catch (error) {
    goneAway('disconnect')
    res.destroy(error instanceof Error ? error : new Error(String(error)))
  } finally {
    clearInterval(pingTimer)
    res.off('close', onClose)
    res.off('error', onError)
    options.signal?.removeEventListener('abort', onAbort)
  }
}

/**
 * Turns payloads into a {@link ChunkSource} of encoded frames with `id: <runId>:<seq>`.
 *
 * @internal
 */
export function sequencedSource(
  next: () => Promise<{ event?: string; data: string } | null>,
  cancel: (reason: DisconnectReason) => void,
  id?: (seq: number) => string,
): ChunkSource {
  let seq = 0
  return {
    async pull() {
      const payload = await next()
      if (payload === null) return null
      const frameId = id?.(seq)
      seq++
      return encodeFrame(frameId === undefined ? payload : { ...payload, id: frameId })
    },
    cancel,
  }
}
