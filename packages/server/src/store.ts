import type { StoredFrame } from './sse'

/**
 * What {@link EventStore.info} knows about a run's event log.
 *
 * @example
 * ```ts
 * const info: RunLogInfo = { firstSeq: 0, lastSeq: 41, ended: true }
 * ```
 */
export interface RunLogInfo {
  /** The oldest frame still kept (`-1` when none was appended yet). */
  firstSeq: number
  /** The newest frame (`-1` when none was appended yet). */
  lastSeq: number
  /** True once {@link EventStore.end} was called: readers stop after the last frame. */
  ended: boolean
}

/**
 * Options of {@link EventStore.read}.
 *
 * @example
 * ```ts
 * const options: ReadOptions = { signal: AbortSignal.timeout(60_000) }
 * ```
 */
export interface ReadOptions {
  /** Stops following live appends: the iterable ends. */
  signal?: AbortSignal
}

/**
 * The event log of runs, so a client that reconnects with `Last-Event-ID` gets what it missed.
 * One writer per run (the process that runs it) appends frames with increasing `seq`; any number
 * of readers follow it. Implementations: {@link createMemoryEventStore} (default) and
 * `createRedisEventStore` from `@agentstream/server/redis`.
 *
 * @example
 * ```ts
 * const store: EventStore = createMemoryEventStore({ maxEvents: 5_000, ttl: 10 * 60_000 })
 * await store.append('run_1', { seq: 0, data: '{"type":"run_started","runId":"run_1","agent":{"name":"A"}}' })
 * await store.end('run_1')
 * for await (const frame of store.read('run_1', -1)) console.log(frame.seq, frame.data)
 * ```
 */
export interface EventStore {
  /** Appends a frame. `seq` is the writer's counter: 0, 1, 2, … */
  append(runId: string, frame: StoredFrame): Promise<void>
  /**
   * The frames with `seq > afterSeq`, then every frame appended later, until the run ends (or the
   * signal aborts). Throws {@link EventStoreError} `unknown-run` when the run is not (or no longer)
   * in the store, `expired` when frames after `afterSeq` were dropped by the retention limits.
   */
  read(runId: string, afterSeq: number, options?: ReadOptions): AsyncIterable<StoredFrame>
  /** Marks the run as ended: readers stop after its last frame. */
  end(runId: string): Promise<void>
  /** What the store keeps for a run, or `undefined` when it has nothing. */
  info(runId: string): Promise<RunLogInfo | undefined>
  /** Keeps a serialized `RunState` (an interrupted run waiting for approvals). */
  saveState(runId: string, state: string): Promise<void>
  /** Returns and removes the saved state: only one approval request can continue a run. */
  takeState(runId: string): Promise<string | undefined>
  /** Asks the process that runs `runId` to cancel it (a stop request may reach another instance). */
  requestCancel(runId: string): Promise<void>
  /** Listens for {@link EventStore.requestCancel} of one run. Returns the unsubscribe function. */
  onCancel(runId: string, listener: () => void): () => void
  /** Releases timers and connections the store opened itself. */
  close?(): Promise<void>
}

/**
 * Why {@link EventStore.read} could not replay: the run is unknown, or the frames the reader asked
 * for are no longer kept (retention: max events per run, TTL).
 *
 * @example
 * ```ts
 * try {
 *   for await (const frame of store.read(runId, 3)) send(frame)
 * } catch (error) {
 *   if (error instanceof EventStoreError && error.code === 'expired') console.warn(error.message)
 * }
 * ```
 */
export class EventStoreError extends Error {
  readonly code: 'unknown-run' | 'expired'
  constructor(code: 'unknown-run' | 'expired', message: string) {
    super(message)
    this.name = code === 'expired' ? 'EventsExpiredError' : 'UnknownRunError'
    this.code = code
  }
}

/**
 * Retention limits shared by the stores.
 *
 * @example
 * ```ts
 * const retention: RetentionOptions = { maxEvents: 2_000, ttl: 5 * 60_000 }
 * ```
 */
export interface RetentionOptions {
  /** Frames kept per run; older ones are dropped (a reader that needs them gets `expired`). Default 10,000. */
  maxEvents?: number
  /** Milliseconds a run's log (and saved state) is kept after its last write. Default 15 minutes. */
  ttl?: number
}

/**
 * Default retention: 10,000 frames per run, kept 15 minutes after the last write.
 *
 * @example
 * ```ts
 * const store = createMemoryEventStore({ ...DEFAULT_RETENTION, ttl: 60 * 60_000 })
 * ```
 */
export const DEFAULT_RETENTION = { maxEvents: 10_000, ttl: 15 * 60_000 } as const

interface MemoryRun {
  frames: StoredFrame[]
  /** Index of the first live frame in `frames` (dropped frames are compacted away in batches). */
  head: number
  lastSeq: number
  ended: boolean
  expiresAt: number
  waiters: Set<() => void>
}

/**
 * Options of {@link createMemoryEventStore}.
 *
 * @example
 * ```ts
 * const options: MemoryEventStoreOptions = { maxEvents: 1_000, ttl: 60_000, sweepInterval: 10_000 }
 * ```
 */
export interface MemoryEventStoreOptions extends RetentionOptions {
  /** How often expired runs are removed, in ms. Default 30 s (never more than `ttl`). */
  sweepInterval?: number
}

/**
 * Registers a cancel listener for a run and returns how to remove it; the run's entry goes away with
 * its last listener. Shared by the event stores.
 *
 * @example
 * ```ts
 * const listeners = new Map<string, Set<() => void>>()
 * const remove = addCancelListener(listeners, 'run_1', () => controller.abort())
 * ```
 */
export function addCancelListener(
  registry: Map<string, Set<() => void>>,
  runId: string,
  listener: () => void,
): () => void {
  let listeners = registry.get(runId)
  if (!listeners) {
    listeners = new Set()
    registry.set(runId, listeners)
  }
  const own = listeners
  own.add(listener)
  return () => {
    own.delete(listener)
    if (own.size === 0 && registry.get(runId) === own) registry.delete(runId)
  }
}

/**
 * An in-process {@link EventStore}: fine for one server process (resume works as long as the
 * reconnect reaches the same process). Bounded by `maxEvents` per run and `ttl`.
 *
 * @example
 * ```ts
 * import { createAgentHandler, createMemoryEventStore } from '@agentstream/server'
 * const handler = createAgentHandler({ agent, store: createMemoryEventStore({ maxEvents: 2_000 }) })
 * ```
 */
export function createMemoryEventStore(options: MemoryEventStoreOptions = {}): EventStore & {
  /** Number of runs currently kept (for tests and metrics). */
  readonly size: number
} {
  const maxEvents = Math.max(1, options.maxEvents ?? DEFAULT_RETENTION.maxEvents)
  const ttl = options.ttl ?? DEFAULT_RETENTION.ttl
  const runs = new Map<string, MemoryRun>()
  const states = new Map<string, { state: string; expiresAt: number }>()
  const cancelListeners = new Map<string, Set<() => void>>()
  let sweeper: ReturnType<typeof setInterval> | undefined

  const wake = (run: MemoryRun) => {
    const waiters = [...run.waiters]
    run.waiters.clear()
    for (const waiter of waiters) waiter()
  }

  const sweep = () => {
    const now = Date.now()
    for (const [runId, run] of runs) {
      if (run.expiresAt <= now) {
        runs.delete(runId)
        wake(run)
      }
    }
    for (const [runId, entry] of states) if (entry.expiresAt <= now) states.delete(runId)
    if (runs.size === 0 && states.size === 0 && sweeper) {
      clearInterval(sweeper)
      sweeper = undefined
    }
  }

  const ensureSweeper = () => {
    if (sweeper || !Number.isFinite(ttl)) return
    sweeper = setInterval(sweep, Math.max(10, Math.min(options.sweepInterval ?? 30_000, ttl)))
    ;(sweeper as { unref?: () => void }).unref?.()
  }

  const live = (runId: string): MemoryRun | undefined => {
    const run = runs.get(runId)
    if (run && run.expiresAt <= Date.now()) {
      runs.delete(runId)
      wake(run)
      return undefined
    }
    return run
  }

  const firstSeq = (run: MemoryRun) => run.frames[run.head]?.seq ?? run.lastSeq + 1

  return {
    get size() {
      return runs.size
    },
    async append(runId, frame) {
      let run = live(runId)
      if (!run) {
        run = { frames: [], head: 0, lastSeq: -1, ended: false, expiresAt: 0, waiters: new Set() }
        runs.set(runId, run)
        ensureSweeper()
      }
      if (run.ended) throw new Error(`Run ${runId} has ended; nothing can be appended.`)
      if (frame.seq <= run.lastSeq)
        throw new Error(`Run ${runId}: frame ${frame.seq} is not after ${run.lastSeq}.`)
      run.frames.push({
        seq: frame.seq,
        data: frame.data,
        ...(frame.event !== undefined ? { event: frame.event } : {}),
      })
      run.lastSeq = frame.seq
      if (run.frames.length - run.head > maxEvents) run.head++
      // Compact in batches so dropping the oldest frame stays O(1) amortized.
      if (run.head > 1024 && run.head * 2 > run.frames.length) {
        run.frames = run.frames.slice(run.head)
        run.head = 0
      }
      run.expiresAt = Date.now() + ttl
      wake(run)
    },
    async end(runId) {
      const run = live(runId)
      if (!run) return
      run.ended = true
      run.expiresAt = Date.now() + ttl
      wake(run)
    },
    async info(runId) {
      const run = live(runId)
      if (!run) return undefined
      return {
        firstSeq: run.frames.length > run.head ? firstSeq(run) : -1,
        lastSeq: run.lastSeq,
        ended: run.ended,
      }
    },
    read(runId, afterSeq, readOptions = {}) {
      const { signal } = readOptions
      return {
        async *[Symbol.asyncIterator]() {
          let cursor = afterSeq
          let run = live(runId)
          if (!run) throw new EventStoreError('unknown-run', `No events are kept for run ${runId}.`)
          for (;;) {
            if (signal?.aborted) return
            if (runs.get(runId) !== run)
              throw new EventStoreError('expired', `The events of run ${runId} expired.`)
            if (run.lastSeq > cursor) {
              if (firstSeq(run) > cursor + 1)
                throw new EventStoreError(
                  'expired',
                  `Frames ${cursor + 1}–${firstSeq(run) - 1} of run ${runId} are no longer kept.`,
                )
              // Frames are contiguous: the one after `cursor` sits at a known offset.
              const index = run.head + (cursor + 1 - firstSeq(run))
              const frame = run.frames[index]!
              cursor = frame.seq
              yield frame
              run = runs.get(runId) ?? run
              continue
            }
            if (run.ended) return
            await new Promise<void>((resolve) => {
              const current = run!
              const done = () => {
                signal?.removeEventListener('abort', done)
                current.waiters.delete(done)
                resolve()
              }
              current.waiters.add(done)
              signal?.addEventListener('abort', done, { once: true })
            })
          }
        },
      }
    },
    async saveState(runId, state) {
      states.set(runId, { state, expiresAt: Date.now() + ttl })
      ensureSweeper()
    },
    async takeState(runId) {
      const entry = states.get(runId)
      states.delete(runId)
      if (!entry || entry.expiresAt <= Date.now()) return undefined
      return entry.state
    },
    async requestCancel(runId) {
      for (const listener of [...(cancelListeners.get(runId) ?? [])]) listener()
    },
    onCancel(runId, listener) {
      return addCancelListener(cancelListeners, runId, listener)
    },
    async close() {
      if (sweeper) clearInterval(sweeper)
      sweeper = undefined
      for (const run of runs.values()) wake(run)
    },
  }
}
