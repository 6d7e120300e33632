import type { ChunkSource, DisconnectReason } from './sinks'
import { describeError, encodeFrame, type FramePayload, formatEventId } from './sse'
import type { EventStore } from './store'

/**
 * Why a run was cancelled: a stop request, its client went away (`disconnect`, `stalled`), nobody
 * resumed it within `resumeWindow` (`abandoned`), or the event store failed (`error`).
 *
 * @example
 * ```ts
 * const reason: CancelReason = 'stop'
 * ```
 */
export type CancelReason = DisconnectReason | 'stop' | 'abandoned' | 'error'

/**
 * What a producer yields: frames without ids, then `null`. After `cancel` it should end soon,
 * with a final frame that says so if its protocol has one.
 *
 * @internal
 */
export interface Producer {
  next(): Promise<FramePayload | null>
  cancel(reason: CancelReason): void
}

/**
 * What happens to a run when its last client goes away without a stop request:
 * `'cancel'` aborts it at once; `'keep'` lets it run on (its frames go to the event store) so a
 * reconnect can resume it, and cancels it only when nobody came back within `resumeWindow`.
 *
 * @example
 * ```ts
 * const policy: DisconnectPolicy = 'keep'
 * ```
 */
export type DisconnectPolicy = 'cancel' | 'keep'

/** @internal */
export interface LiveRunOptions {
  onDisconnect: DisconnectPolicy
  resumeWindow: number
  /** Extra work on cancel (aborting the `AbortSignal` given to `run`). */
  onCancel?: (reason: CancelReason) => void
}

/** @internal */
export interface LiveRun {
  readonly runId: string
  readonly done: Promise<void>
  /** Resolves once the first frame is in the store (or the run is over): readers wait for it. */
  readonly started: Promise<void>
  cancel(reason: CancelReason): void
  attach(): void
  detach(reason?: DisconnectReason): void
}

const registries = new WeakMap<EventStore, Map<string, LiveRun>>()

function registryOf(store: EventStore): Map<string, LiveRun> {
  let registry = registries.get(store)
  if (!registry) {
    registry = new Map()
    registries.set(store, registry)
  }
  return registry
}

/**
 * The run this process is producing into `store` under `runId`, if any.
 *
 * @internal
 */
export function getLiveRun(store: EventStore, runId: string): LiveRun | undefined {
  return registries.get(store)?.get(runId)
}

/**
 * Cancels a run for good: the local one directly, one in another process through
 * {@link EventStore.requestCancel}. A run that waits for approvals is stopped by forgetting its
 * saved state. Resolves with `false` when the store knows nothing of the run or it has already ended.
 *
 * @example
 * ```ts
 * app.delete('/api/agent', async (c) => c.json({ stopped: await stopRun(store, c.req.query('runId')!) }))
 * ```
 */
export async function stopRun(store: EventStore, runId: string): Promise<boolean> {
  const live = getLiveRun(store, runId)
  // A stopped interrupted run cannot be approved any more: removing its saved state stops it.
  const saved = await store.takeState(runId)
  if (live) {
    live.cancel('stop')
    return true
  }
  const info = await store.info(runId)
  if (!info || info.ended) return saved !== undefined
  await store.requestCancel(runId)
  return true
}

/**
 * Runs a producer into the event store in the background: frames get `seq` 0, 1, 2, … and the log
 * is ended when the producer is done. Readers attach and detach; the disconnect policy decides what
 * happens when the last one leaves.
 *
 * @internal
 */
export function startLiveRun(
  store: EventStore,
  runId: string,
  producer: Producer,
  options: LiveRunOptions,
): LiveRun {
  const registry = registryOf(store)
  let readers = 0
  let finished = false
  let cancelled = false
  let abandonTimer: ReturnType<typeof setTimeout> | undefined
  let markStarted: () => void = () => {}
  const started = new Promise<void>((resolve) => {
    markStarted = resolve
  })

  const cancel = (reason: CancelReason) => {
    if (finished || cancelled) return
    cancelled = true
    clearTimeout(abandonTimer)
    options.onCancel?.(reason)
    producer.cancel(reason)
  }

  const unsubscribe = store.onCancel(runId, () => cancel('stop'))

  const pump = async () => {
    let seq = 0
    try {
      for (;;) {
        const payload = await producer.next()
        if (payload === null) break
        await store.append(runId, { seq, ...payload })
        if (seq === 0) markStarted()
        seq++
      }
    } catch (error) {
      cancel('error')
      try {
        await store.append(runId, {
          seq,
          event: 'error',
          data: JSON.stringify({ type: 'error', error: describeError(error) }),
        })
      } catch {}
    } finally {
      finished = true
      clearTimeout(abandonTimer)
      unsubscribe()
      if (registry.get(runId) === live) registry.delete(runId)
      try {
        await store.end(runId)
      } catch {}
      markStarted()
    }
  }

  const live: LiveRun = {
    runId,
    done: Promise.resolve(),
    started,
    cancel,
    attach() {
      readers++
      clearTimeout(abandonTimer)
    },
    detach(reason) {
      readers = Math.max(0, readers - 1)
      if (finished || readers > 0 || reason === undefined) return
      if (options.onDisconnect === 'cancel') {
        cancel(reason)
        return
      }
      if (Number.isFinite(options.resumeWindow)) {
        clearTimeout(abandonTimer)
        abandonTimer = setTimeout(() => {
          if (readers === 0) cancel('abandoned')
        }, options.resumeWindow)
        ;(abandonTimer as { unref?: () => void }).unref?.()
      }
    },
  }
  registry.set(runId, live)
  ;(live as { done: Promise<void> }).done = pump()
  return live
}

/**
 * A reader of a run's event log as a {@link ChunkSource}: frames after `afterSeq`, then live ones
 * until the run ends. Frames the store no longer keeps end the stream with an SSE event named
 * `error` (every client protocol treats it as an error), never silently.
 *
 * @internal
 */
export function storeSource(store: EventStore, runId: string, afterSeq: number): ChunkSource {
  const abort = new AbortController()
  const live = getLiveRun(store, runId)
  let iterator: AsyncIterator<{ seq: number; event?: string; data: string }> | undefined
  let ended = false
  let detached = false

  const detach = (reason?: DisconnectReason) => {
    if (detached) return
    detached = true
    if (live) live.detach(reason)
  }
  live?.attach()

  return {
    async pull() {
      if (ended) return null
      if (!iterator && live) await live.started
      if (ended) return null
      iterator ??= store.read(runId, afterSeq, { signal: abort.signal })[Symbol.asyncIterator]()
      try {
        const result = await iterator.next()
        if (result.done) {
          ended = true
          detach()
          return null
        }
        const frame = result.value
        return encodeFrame({ ...frame, id: formatEventId(runId, frame.seq) })
      } catch (error) {
        ended = true
        detach()
        if (abort.signal.aborted) return null
        return encodeFrame({
          event: 'error',
          data: JSON.stringify({ type: 'error', error: describeError(error) }),
        })
      }
    },
    cancel(reason) {
      if (ended) return
      ended = true
      detach(reason)
      abort.abort()
      void iterator?.return?.().catch(() => {})
    },
  }
}
