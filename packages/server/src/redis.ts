/**
 * `@agentstream/server/redis`: an {@link EventStore} on Redis Streams (ioredis), so any instance
 * behind a load balancer can serve a reconnect.
 *
 * @module
 */
import { Redis, type RedisOptions } from 'ioredis'
import type { StoredFrame } from './sse'
import {
  addCancelListener,
  DEFAULT_RETENTION,
  type EventStore,
  EventStoreError,
  type RetentionOptions,
  type RunLogInfo,
} from './store'

/**
 * Options of {@link createRedisEventStore}.
 *
 * @example
 * ```ts
 * const options: RedisEventStoreOptions = { redis: 'redis://127.0.0.1:6379', prefix: 'myapp:', maxEvents: 5_000, ttl: 600_000 }
 * ```
 */
export interface RedisEventStoreOptions extends RetentionOptions {
  /** A client (kept open by `close()`), or a URL / options to connect one (closed by `close()`). */
  redis: Redis | string | RedisOptions
  /** Key prefix. Default `agentstream:`. */
  prefix?: string
  /** Longest `XREAD BLOCK` round, in ms (a reader then checks that the run still exists). Default 5,000. */
  blockTimeout?: number
  /** Entries read per `XREAD`. Default 256. */
  batchSize?: number
}

type StreamEntry = [id: string, fields: string[]]

function fieldsOf(entry: StreamEntry): Record<string, string> {
  const fields: Record<string, string> = {}
  const list = entry[1]
  for (let index = 0; index + 1 < list.length; index += 2) fields[list[index]!] = list[index + 1]!
  return fields
}

/** Data entries have ids `0-<seq + 1>`; the end marker has an automatic (time based) id. */
function seqOf(id: string): number {
  const [ms, sequence] = id.split('-')
  return ms === '0' ? Number(sequence) - 1 : -1
}

/**
 * A Redis Streams {@link EventStore}. Each run is one stream (`<prefix>{<runId>}:events`): frames
 * are `XADD`ed with the ids `0-<seq+1>` and `MAXLEN <maxEvents>`, and the key expires `ttl` ms after
 * the last write (`PEXPIRE`). The end is a marker entry. Readers replay with `XREAD` and follow with
 * `XREAD BLOCK` on a connection of their own (a `duplicate()` per live reader, closed when it stops).
 * Saved run states are plain keys (`GETDEL` hands one to exactly one approval); stop requests are
 * published on `<prefix>cancel`, so the instance running the run cancels it.
 *
 * @example
 * ```ts
 * import { createAgentHandler } from '@agentstream/server'
 * import { createRedisEventStore } from '@agentstream/server/redis'
 *
 * const store = createRedisEventStore({ redis: process.env.REDIS_URL!, maxEvents: 5_000, ttl: 10 * 60_000 })
 * const handler = createAgentHandler({ agent, store })
 * ```
 */
export function createRedisEventStore(
  options: RedisEventStoreOptions,
): EventStore & { readonly redis: Redis } {
  const owned = !(options.redis instanceof Redis)
  const redis =
    options.redis instanceof Redis
      ? options.redis
      : typeof options.redis === 'string'
        ? new Redis(options.redis)
        : new Redis(options.redis)
  const prefix = options.prefix ?? 'agentstream:'
  const maxEvents = Math.max(1, options.maxEvents ?? DEFAULT_RETENTION.maxEvents)
  const ttl = Math.max(1, Math.floor(options.ttl ?? DEFAULT_RETENTION.ttl))
  const blockTimeout = Math.max(1, options.blockTimeout ?? 5_000)
  const batchSize = Math.max(1, options.batchSize ?? 256)
  const channel = `${prefix}cancel`
  const eventsKey = (runId: string) => `${prefix}{${runId}}:events`
  const stateKey = (runId: string) => `${prefix}{${runId}}:state`
  const cancelKey = (runId: string) => `${prefix}{${runId}}:cancel`

  const cancelListeners = new Map<string, Set<() => void>>()
  let subscriber: Redis | undefined
  const readers = new Set<Redis>()

  const fireCancel = (runId: string) => {
    for (const listener of [...(cancelListeners.get(runId) ?? [])]) listener()
  }

  const ensureSubscriber = () => {
    if (subscriber) return
    subscriber = redis.duplicate()
    subscriber.on('message', (from: string, runId: string) => {
      if (from === channel) fireCancel(runId)
    })
    subscriber.subscribe(channel).then(
      async () => {
        // A stop requested before the subscription was ready is still in its key.
        for (const runId of cancelListeners.keys())
          if (await redis.exists(cancelKey(runId))) fireCancel(runId)
      },
      () => {},
    )
  }

  const checkExec = (results: [Error | null, unknown][] | null) => {
    for (const [error] of results ?? []) if (error) throw error
  }

  const info = async (runId: string): Promise<RunLogInfo | undefined> => {
    const key = eventsKey(runId)
    const results = await redis
      .multi()
      .xrange(key, '-', '+', 'COUNT', 1)
      .xrevrange(key, '+', '-', 'COUNT', 2)
      .exec()
    checkExec(results)
    const first = (results?.[0]?.[1] ?? []) as StreamEntry[]
    const last = (results?.[1]?.[1] ?? []) as StreamEntry[]
    if (first.length === 0) return undefined
    const ended = last[0] ? fieldsOf(last[0]).end === '1' : false
    const newestData = ended ? last[1] : last[0]
    const firstSeq = seqOf(first[0]![0])
    return {
      firstSeq,
      lastSeq: newestData && seqOf(newestData[0]) >= 0 ? seqOf(newestData[0]) : -1,
      ended,
    }
  }

  return {
    redis,
    async append(runId, frame) {
      const key = eventsKey(runId)
      const fields = frame.event !== undefined ? ['d', frame.data, 'e', frame.event] : ['d', frame.data]
      const results = await redis
        .multi()
        .xadd(key, 'MAXLEN', maxEvents, `0-${frame.seq + 1}`, ...fields)
        .pexpire(key, ttl)
        .exec()
      checkExec(results)
    },
    async end(runId) {
      const key = eventsKey(runId)
      // MAXLEN + 1: the marker never pushes a frame out.
      const results = await redis
        .multi()
        .xadd(key, 'MAXLEN', maxEvents + 1, '*', 'end', '1')
        .pexpire(key, ttl)
        .exec()
      checkExec(results)
    },
    info,
    read(runId, afterSeq, readOptions = {}) {
      const { signal } = readOptions
      const key = eventsKey(runId)
      return {
        async *[Symbol.asyncIterator](): AsyncGenerator<StoredFrame> {
          const known = await info(runId)
          if (!known) throw new EventStoreError('unknown-run', `No events are kept for run ${runId}.`)
          if (known.lastSeq > afterSeq && known.firstSeq > afterSeq + 1)
            throw new EventStoreError(
              'expired',
              `Frames ${afterSeq + 1}–${known.firstSeq - 1} of run ${runId} are no longer kept.`,
            )
          let cursor = `0-${afterSeq + 1}`
          let expected = afterSeq + 1
          let blocking: Redis | undefined
          const onAbort = () => blocking?.disconnect()
          signal?.addEventListener('abort', onAbort, { once: true })
          try {
            for (;;) {
              if (signal?.aborted) return
              type Reply = [string, StreamEntry[]][] | null
              let reply = (await redis.xread('COUNT', batchSize, 'STREAMS', key, cursor)) as Reply
              if (!reply) {
                if (!blocking) {
                  blocking = redis.duplicate()
                  readers.add(blocking)
                }
                if (signal?.aborted) return
                reply = (await blocking.xread(
                  'COUNT',
                  batchSize,
                  'BLOCK',
                  blockTimeout,
                  'STREAMS',
                  key,
                  cursor,
                )) as Reply
                if (!reply) {
                  if (!(await redis.exists(key)))
                    throw new EventStoreError('expired', `The events of run ${runId} expired.`)
                  continue
                }
              }
              for (const entry of reply[0]?.[1] ?? []) {
                const fields = fieldsOf(entry)
                if (fields.end === '1') return
                const seq = seqOf(entry[0])
                if (seq !== expected)
                  throw new EventStoreError(
                    'expired',
                    `Frames ${expected}–${seq - 1} of run ${runId} are no longer kept (the reader fell behind).`,
                  )
                expected++
                cursor = entry[0]
                yield { seq, data: fields.d ?? '', ...(fields.e !== undefined ? { event: fields.e } : {}) }
              }
            }
          } catch (error) {
            if (signal?.aborted) return
            throw error
          } finally {
            signal?.removeEventListener('abort', onAbort)
            if (blocking) {
              readers.delete(blocking)
              blocking.disconnect()
            }
          }
        },
      }
    },
    async saveState(runId, state) {
      await redis.set(stateKey(runId), state, 'PX', ttl)
    },
    async takeState(runId) {
      return (await redis.getdel(stateKey(runId))) ?? undefined
    },
    async requestCancel(runId) {
      const results = await redis.multi().set(cancelKey(runId), '1', 'PX', ttl).publish(channel, runId).exec()
      checkExec(results)
    },
    onCancel(runId, listener) {
      ensureSubscriber()
      return addCancelListener(cancelListeners, runId, listener)
    },
    async close() {
      for (const reader of readers) reader.disconnect()
      readers.clear()
      if (subscriber) {
        subscriber.disconnect()
        subscriber = undefined
      }
      if (owned) await redis.quit().catch(() => redis.disconnect())
    },
  }
}
