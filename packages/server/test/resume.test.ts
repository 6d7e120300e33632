import { type RunSummary, summarize } from '@agentstream/core/summary'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createAgentHandler, createMemoryEventStore, type EventStore, type RunOutcome } from '../src'
import { createRedisEventStore } from '../src/redis'
import type { Script } from '../src/testing'
import {
  client,
  cutProxy,
  hasRedis,
  listen,
  makeAgents,
  type RedisServer,
  richScript,
  startRedis,
  type TestServer,
  webToNode,
} from './helpers'

const servers: TestServer[] = []
const stores: EventStore[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
  await Promise.all(stores.splice(0).map((store) => store.close?.()))
})

const approvalScript: Script = [
  {
    items: [
      { type: 'message', text: 'Refunds need a human OK — asking now…' },
      {
        type: 'function_call',
        name: 'issue_refund',
        arguments: { orderId: 'A-17', amount: 42 },
        callId: 'call_refund',
      },
    ],
  },
  { items: [{ type: 'message', text: 'Refunded $42.00 on A-17. Anything else? 🙂' }] },
]

interface Served {
  url: string
  outcomes: RunOutcome[]
  model: ReturnType<typeof makeAgents>['model']
}

async function serve(script: Script, store: EventStore, mount: 'node' | 'web', delay = 0): Promise<Served> {
  const agents = makeAgents(script, { delay })
  const outcomes: RunOutcome[] = []
  const handler = createAgentHandler({
    agent: agents.assistant,
    store,
    keepAliveInterval: 0,
    onRunFinish: (outcome) => outcomes.push(outcome),
  })
  const server = await listen(mount === 'node' ? (req, res) => handler.node(req, res) : webToNode(handler))
  servers.push(server)
  return { url: `${server.url}/api/agent`, outcomes, model: agents.model }
}

/** Sends `input` (and approves every approval) and returns the final summary. */
async function converse(url: string, input: string): Promise<RunSummary> {
  const store = client(url, { reconnect: { maxAttempts: 5, initialDelay: 1, maxDelay: 5 } })
  await store.send(input)
  for (let round = 0; round < 3 && store.getState().status === 'interrupted'; round++)
    for (const approval of store.getState().approvals) await store.approve(approval.callId)
  return summarize(store.getState())
}

const storeKinds: { name: string; make: () => EventStore; enabled: boolean }[] = [
  { name: 'memory', make: () => createMemoryEventStore(), enabled: true },
  {
    name: 'redis',
    make: () =>
      createRedisEventStore({
        redis: redisServer!.url,
        prefix: `cut${Math.random().toString(36).slice(2)}:`,
        blockTimeout: 200,
      }),
    enabled: hasRedis,
  },
]

let redisServer: RedisServer | undefined
beforeAll(async () => {
  if (hasRedis) redisServer = await startRedis()
})
afterAll(async () => {
  await redisServer?.stop()
})

for (const kind of storeKinds) {
  describe.skipIf(!kind.enabled)(`resume with the ${kind.name} store`, () => {
    const make = () => {
      const store = kind.make()
      stores.push(store)
      return store
    }

    for (const [label, script, input] of [
      ['text, reasoning, tools and a handoff', () => richScript(), 'Weather in Oslo and Paris?'],
      ['an approval round trip', () => approvalScript, 'Refund A-17'],
    ] as const) {
      it(`cutting every k-th frame changes nothing: ${label}`, async () => {
        const baseline = await serve(script(), make(), 'node')
        const expected = await converse(baseline.url, input)
        expect(expected.status).toBe('done')
        expect(expected.skippedFrames).toBe(0)
        for (const k of [1, 2, 3, 5, 8]) {
          for (const mount of ['node', 'web'] as const) {
            const served = await serve(script(), make(), mount, 1)
            const proxy = await cutProxy(served.url, k)
            servers.push(proxy)
            const summary = await converse(proxy.url, input)
            expect(summary, `k=${k} ${mount}`).toEqual(expected)
            expect(proxy.stats.cuts, `k=${k} ${mount}`).toBeGreaterThan(3)
            // Every reconnect carried Last-Event-ID; only the turn and the approval started runs.
            expect(proxy.stats.requests.filter((request) => request.lastEventId === null).length).toBe(
              baseline.outcomes.length,
            )
            // (A cut right after a run's last frame needs no reconnect.)
            expect(proxy.stats.requests.length).toBeGreaterThanOrEqual(proxy.stats.cuts)
            expect(proxy.stats.requests.length).toBeLessThanOrEqual(
              proxy.stats.cuts + baseline.outcomes.length,
            )
            expect(served.model.requests.length, `k=${k} ${mount}`).toBe(baseline.model.requests.length)
            expect(served.outcomes.map((outcome) => outcome.status)).toEqual(
              baseline.outcomes.map((outcome) => outcome.status),
            )
          }
        }
      })
    }

    it('resume({ lastEventId }) from another client continues a run the first client left', async () => {
      const baseline = await serve(richScript(), make(), 'node')
      const expected = await converse(baseline.url, 'Weather?')

      const served = await serve(richScript(), make(), 'web', 3)
      let runId: string | undefined
      let deltas = 0
      let leave: () => void = () => {}
      const leaving = new Promise<void>((resolve) => {
        leave = resolve
      })
      const first = client(served.url, {
        onEvent: (event) => {
          if (event.type === 'run-start') runId = event.runId
          if (event.type === 'text-delta' && ++deltas === 3) leave()
        },
      })
      const sending = first.send('Weather?')
      await leaving
      // The page goes away (a disconnect, not the user's stop, which would stop the run): the run goes on.
      first.destroy()
      await sending
      expect(served.outcomes).toEqual([])

      const second = client(served.url)
      await second.resume({ lastEventId: `${runId}:0` })
      expect(summarize(second.getState())).toEqual(expected)
      expect(served.outcomes).toEqual([expect.objectContaining({ runId, status: 'done' })])
    })

    it("the user's stop() stops the run on the server, not only the connection", async () => {
      const served = await serve(richScript(), make(), 'web', 3)
      let deltas = 0
      let leave: () => void = () => {}
      const leaving = new Promise<void>((resolve) => {
        leave = resolve
      })
      const first = client(served.url, {
        onEvent: (event) => {
          if (event.type === 'text-delta' && ++deltas === 3) leave()
        },
      })
      const sending = first.send('Weather?')
      await leaving
      first.stop()
      await sending
      expect(first.getState().status).toBe('stopped')
      await vi.waitFor(() =>
        expect(served.outcomes).toEqual([expect.objectContaining({ status: 'stopped' })]),
      )
    })

    it('GET ?runId=…&lastEventId=… replays a finished run', async () => {
      const served = await serve([{ items: [{ type: 'message', text: 'One two three.' }] }], make(), 'node')
      const store = client(served.url)
      await store.send('Count')
      const runId = store.getState().runId!
      const all = await (await fetch(`${served.url}?runId=${runId}`)).text()
      const tail = await (await fetch(`${served.url}?runId=${runId}&lastEventId=${runId}:2`)).text()
      expect(all.startsWith(`id: ${runId}:0\n`)).toBe(true)
      expect(tail.startsWith(`id: ${runId}:3\n`)).toBe(true)
      expect(all.endsWith(tail)).toBe(true)
      const numeric = await (await fetch(`${served.url}?runId=${runId}&lastEventId=2`)).text()
      expect(numeric).toBe(tail)
    })
  })
}

describe('retention', () => {
  it('a resume older than the retained frames is refused explicitly (410), never replayed with a gap', async () => {
    const store = createMemoryEventStore({ maxEvents: 5 })
    const served = await serve(
      [{ items: [{ type: 'message', text: 'a b c d e f g h i j k l' }] }],
      store,
      'node',
    )
    const first = client(served.url)
    await first.send('Go')
    const runId = first.getState().runId!
    const response = await fetch(served.url, { headers: { 'last-event-id': `${runId}:1` } })
    expect(response.status).toBe(410)
    expect(await response.json()).toMatchObject({ error: { name: 'EventsExpiredError' } })
    const late = client(served.url)
    await late.resume({ lastEventId: `${runId}:1` })
    expect(late.getState()).toMatchObject({ status: 'error', error: { kind: 'http', status: 410 } })
  })
})
