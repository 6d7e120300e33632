import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryEventStore, type EventStore, EventStoreError, type StoredFrame } from '../src'
import { createRedisEventStore } from '../src/redis'
import { hasRedis, type RedisServer, redisSkipReason, startRedis } from './helpers'

const frame = (seq: number, event?: string): StoredFrame => ({
  seq,
  data: JSON.stringify({ n: seq, text: 'ü 👋\nline two' }),
  ...(event ? { event } : {}),
})

async function collect(
  iterable: AsyncIterable<StoredFrame>,
  limit = Number.POSITIVE_INFINITY,
): Promise<StoredFrame[]> {
  const frames: StoredFrame[] = []
  for await (const item of iterable) {
    frames.push(item)
    if (frames.length >= limit) break
  }
  return frames
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

/** The contract every EventStore keeps. */
function contract(name: string, make: (retention: { maxEvents?: number; ttl?: number }) => EventStore) {
  describe(`${name} event store`, () => {
    it('replays after a seq, then follows live appends until end()', async () => {
      const store = make({})
      const runId = `run_${Math.random().toString(36).slice(2)}`
      for (let seq = 0; seq < 3; seq++) await store.append(runId, frame(seq, seq === 1 ? 'named' : undefined))
      const reading = collect(store.read(runId, 0))
      await sleep(30)
      await store.append(runId, frame(3))
      await sleep(10)
      await store.append(runId, frame(4))
      await store.end(runId)
      const frames = await reading
      expect(frames.map((item) => item.seq)).toEqual([1, 2, 3, 4])
      expect(frames[0]).toEqual(frame(1, 'named'))
      expect(await store.info(runId)).toEqual({ firstSeq: 0, lastSeq: 4, ended: true })
      expect(await collect(store.read(runId, -1))).toHaveLength(5)
      expect(await collect(store.read(runId, 4))).toEqual([])
      await store.close?.()
    })

    it('keeps at most maxEvents frames; a reader that needs dropped ones gets `expired`', async () => {
      const store = make({ maxEvents: 3 })
      const runId = `run_${Math.random().toString(36).slice(2)}`
      for (let seq = 0; seq < 6; seq++) await store.append(runId, frame(seq))
      await store.end(runId)
      expect(await store.info(runId)).toEqual({ firstSeq: 3, lastSeq: 5, ended: true })
      expect((await collect(store.read(runId, 2))).map((item) => item.seq)).toEqual([3, 4, 5])
      await expect(collect(store.read(runId, 0))).rejects.toMatchObject({ code: 'expired' })
      await expect(collect(store.read(runId, 0))).rejects.toBeInstanceOf(EventStoreError)
      await store.close?.()
    })

    it('forgets a run ttl ms after its last write', async () => {
      const store = make({ ttl: 150 })
      const runId = `run_${Math.random().toString(36).slice(2)}`
      await store.append(runId, frame(0))
      await store.saveState(runId, 'state')
      expect(await store.info(runId)).toBeDefined()
      await sleep(400)
      expect(await store.info(runId)).toBeUndefined()
      expect(await store.takeState(runId)).toBeUndefined()
      await expect(collect(store.read(runId, -1))).rejects.toMatchObject({ code: 'unknown-run' })
      await store.close?.()
    })

    it('a reader stops when its signal aborts', async () => {
      const store = make({})
      const runId = `run_${Math.random().toString(36).slice(2)}`
      await store.append(runId, frame(0))
      const abort = new AbortController()
      const reading = collect(store.read(runId, -1, { signal: abort.signal }))
      await sleep(50)
      abort.abort()
      expect((await reading).map((item) => item.seq)).toEqual([0])
      await store.close?.()
    })

    it('hands a saved state to exactly one taker', async () => {
      const store = make({})
      await store.saveState('run_state', '{"state":1}')
      const taken = await Promise.all([store.takeState('run_state'), store.takeState('run_state')])
      expect(taken.filter((value) => value !== undefined)).toEqual(['{"state":1}'])
      await store.close?.()
    })

    it('delivers cancel requests to the run’s listeners only', async () => {
      const store = make({})
      const heard: string[] = []
      const offA = store.onCancel('run_a', () => heard.push('a'))
      const offB = store.onCancel('run_b', () => heard.push('b'))
      await sleep(50)
      await store.requestCancel('run_a')
      await sleep(50)
      expect(heard).toEqual(['a'])
      offA()
      offB()
      await store.close?.()
    })
  })
}

contract('memory', (retention) => createMemoryEventStore({ ...retention, sweepInterval: 20 }))

let redis: RedisServer | undefined
if (!hasRedis) {
  if (process.env.CI === 'true') {
    describe('redis event store', () => {
      it('needs redis-server under CI', () => {
        throw new Error(`${redisSkipReason}. Install redis-server (apt-get install -y redis-server).`)
      })
    })
  } else console.warn(`[server tests] ${redisSkipReason}.`)
}

describe.skipIf(!hasRedis)('redis', () => {
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    await redis?.stop()
  })
  let prefix = 0
  contract('redis', (retention) =>
    createRedisEventStore({ redis: redis!.url, prefix: `t${prefix++}:`, blockTimeout: 100, ...retention }),
  )

  it('a reader that falls behind the MAXLEN trim gets `expired` instead of a gap', async () => {
    const store = createRedisEventStore({ redis: redis!.url, prefix: 'lag:', maxEvents: 2 })
    await store.append('run_lag', frame(0))
    const iterator = store.read('run_lag', -1)[Symbol.asyncIterator]()
    expect((await iterator.next()).value).toEqual(frame(0))
    for (let seq = 1; seq < 6; seq++) await store.append('run_lag', frame(seq))
    await expect(iterator.next()).rejects.toMatchObject({ code: 'expired' })
    await store.close?.()
  })
})
