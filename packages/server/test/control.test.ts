import { summarize } from '@agentstream/core/summary'
import { run } from '@openai/agents'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  agentRunToSSE,
  createAgentHandler,
  type EventStore,
  pipeAgentRunToNodeResponse,
  type RunOutcome,
} from '../src'
import { createRedisEventStore } from '../src/redis'
import type { Script } from '../src/testing'
import {
  client,
  hasRedis,
  listen,
  makeAgents,
  type RedisServer,
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

/** Three slow turns: plenty of time to stop it in the middle. */
const slowScript = (): Script => [
  { items: [{ type: 'function_call', name: 'get_weather', arguments: { city: 'Oslo' } }] },
  { items: [{ type: 'function_call', name: 'get_weather', arguments: { city: 'Paris' } }] },
  { items: [{ type: 'message', text: Array.from({ length: 200 }, (_, index) => `w${index} `) }] },
]

const waitFor = async (check: () => boolean, timeout = 10_000) => {
  const deadline = Date.now() + timeout
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

async function serve(
  options: { onDisconnect?: 'cancel' | 'keep'; resumeWindow?: number; store?: EventStore } = {},
) {
  const agents = makeAgents(slowScript(), { delay: 3 })
  const outcomes: RunOutcome[] = []
  const handler = createAgentHandler({
    agent: agents.assistant,
    keepAliveInterval: 0,
    onRunFinish: (outcome) => outcomes.push(outcome),
    ...options,
  })
  const server = await listen((req, res) => handler.node(req, res))
  servers.push(server)
  return { url: `${server.url}/api/agent`, outcomes, model: agents.model, handler }
}

/** Starts a turn with plain fetch and reads it until the first frame; returns the run id and the rest. */
async function startTurn(url: string) {
  const controller = new AbortController()
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input: 'Weather?' }),
    signal: controller.signal,
  })
  const runId = response.headers.get('x-agentstream-run-id')!
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  const { value } = await reader.read()
  text += decoder.decode(value, { stream: true })
  const rest = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        text += decoder.decode(value, { stream: true })
      }
    } catch {}
    return text
  })()
  return { runId, rest, abort: () => controller.abort() }
}

describe('stop requests and disconnects', () => {
  it('POST { runId, stop: true } cancels the run for good, and says so on the stream', async () => {
    const served = await serve()
    const turn = await startTurn(served.url)
    const stop = await fetch(served.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ runId: turn.runId, stop: true }),
    })
    expect(stop.status).toBe(200)
    expect(await stop.json()).toEqual({ runId: turn.runId, stopped: true })
    const text = await turn.rest
    expect(text.trim().split('\n').at(-1)).toBe(
      'data: {"type":"run_finished","status":"stopped","reason":"stop"}',
    )
    expect(served.outcomes).toEqual([expect.objectContaining({ status: 'stopped', reason: 'stop' })])
    expect(served.model.requests.length).toBeLessThan(3)
    const again = await fetch(`${served.url}?runId=${turn.runId}`, { method: 'DELETE' })
    expect(await again.json()).toEqual({ runId: turn.runId, stopped: false })
  })

  it('DELETE ?runId= cancels too', async () => {
    const served = await serve()
    const turn = await startTurn(served.url)
    const stop = await fetch(`${served.url}?runId=${turn.runId}`, { method: 'DELETE' })
    expect(await stop.json()).toEqual({ runId: turn.runId, stopped: true })
    await turn.rest
    expect(served.outcomes).toEqual([expect.objectContaining({ status: 'stopped', reason: 'stop' })])
  })

  it('a disconnect cancels at once with onDisconnect: "cancel"', async () => {
    const served = await serve({ onDisconnect: 'cancel' })
    const turn = await startTurn(served.url)
    turn.abort()
    await waitFor(() => served.outcomes.length > 0)
    expect(served.outcomes[0]).toMatchObject({ status: 'stopped', reason: 'disconnect' })
  })

  it('a disconnect keeps the run (default), and cancels it when nobody resumes within resumeWindow', async () => {
    const kept = await serve()
    const first = await startTurn(kept.url)
    first.abort()
    await waitFor(() => kept.outcomes.length > 0)
    expect(kept.outcomes[0]).toMatchObject({ status: 'done' })

    const abandoned = await serve({ resumeWindow: 100 })
    const second = await startTurn(abandoned.url)
    second.abort()
    await waitFor(() => abandoned.outcomes.length > 0)
    expect(abandoned.outcomes[0]).toMatchObject({ status: 'stopped', reason: 'abandoned' })
  })

  it('sends keep-alive pings while the run is quiet', async () => {
    const agents = makeAgents([{ items: [{ type: 'message', text: 'slow' }], delay: 40 }])
    const handler = createAgentHandler({ agent: agents.assistant, keepAliveInterval: 15 })
    const server = await listen(webToNode(handler))
    servers.push(server)
    const text = await (
      await fetch(`${server.url}/api/agent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: 'x' }),
      })
    ).text()
    expect(text).toContain('\n: ping\n\n')
    // The client ignores pings.
    const agents2 = makeAgents([{ items: [{ type: 'message', text: 'still fine' }], delay: 40 }])
    const handler2 = createAgentHandler({ agent: agents2.assistant, keepAliveInterval: 15 })
    const server2 = await listen((req, res) => handler2.node(req, res))
    servers.push(server2)
    const store = client(`${server2.url}/api/agent`)
    await store.send('x')
    expect(summarize(store.getState())).toMatchObject({ status: 'done', messages: [{ text: 'still fine' }] })
  })
})

describe('agentRunToSSE / pipeAgentRunToNodeResponse (no handler)', () => {
  it('keeps what the model said before it failed, even when the client reads only after the failure', async () => {
    // A client slower than the model (a busy machine, a slow network) starts reading after the run
    // has already failed; the events queued before the failure must still reach it.
    const web = makeAgents([
      {
        items: [{ type: 'message', text: 'Let me look into that for you' }],
        end: { type: 'failed', message: 'The model is overloaded.' },
      },
    ])
    const result = await run(web.assistant, 'Hi', { stream: true })
    const response = agentRunToSSE(result)
    await result.completed.catch(() => {})
    const reader = client('http://127.0.0.1/unused')
    await reader.consume(response)
    expect(summarize(reader.getState())).toMatchObject({
      status: 'error',
      error: 'The model is overloaded.',
      messages: [{ text: 'Let me look into that for you' }],
    })
  })

  it('streams a run the caller started, Web and Node', async () => {
    const script: Script = [
      {
        items: [
          { type: 'function_call', name: 'get_weather', arguments: { city: 'Oslo' }, callId: 'call_1' },
        ],
      },
      { items: [{ type: 'message', text: 'Cloudy.' }] },
    ]
    const web = makeAgents([...script, ...script])
    const server = await listen(async (req, res) => {
      if (req.url === '/web')
        return webToNode(async (request) => {
          const { input } = (await request.json()) as { input: string }
          return agentRunToSSE(await run(web.assistant, input, { stream: true }), { signal: request.signal })
        })(req, res)
      for await (const _ of req) {
      }
      await pipeAgentRunToNodeResponse(await run(web.assistant, 'Weather?', { stream: true }), res)
    })
    servers.push(server)
    for (const path of ['/web', '/node']) {
      const store = client(`${server.url}${path}`)
      await store.send('Weather?')
      expect(summarize(store.getState()), path).toMatchObject({
        status: 'done',
        agent: 'Assistant',
        messages: [{ text: 'Cloudy.' }],
        toolCalls: [{ callId: 'call_1', output: '4 °C and cloudy', status: 'done' }],
      })
    }
  })

  it('a client that goes away cancels the run (the SDK result reports cancelled)', async () => {
    const agents = makeAgents(slowScript(), { delay: 3 })
    let result: Awaited<ReturnType<typeof run>> | undefined
    const outcomes: RunOutcome[] = []
    const server = await listen(async (req, res) => {
      for await (const _ of req) {
      }
      result = await run(agents.assistant, 'Weather?', { stream: true })
      await pipeAgentRunToNodeResponse(result as never, res, {
        onFinish: (outcome) => outcomes.push(outcome),
      })
    })
    servers.push(server)
    const turn = await startTurn(server.url)
    turn.abort()
    await waitFor(() => outcomes.length > 0)
    expect(outcomes[0]).toMatchObject({ status: 'stopped', reason: 'disconnect' })
    expect((result as { cancelled: boolean }).cancelled).toBe(true)
    expect(agents.model.requests.length).toBeLessThan(3)
  })
})

let redis: RedisServer | undefined
describe.skipIf(!hasRedis)('Redis: a stop request reaching another instance', () => {
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    await redis?.stop()
  })

  it('cancels the run on the instance that runs it', async () => {
    const storeA = createRedisEventStore({ redis: redis!.url, prefix: 'multi:' })
    const storeB = createRedisEventStore({ redis: redis!.url, prefix: 'multi:' })
    stores.push(storeA, storeB)
    const a = await serve({ store: storeA })
    const b = await serve({ store: storeB })
    const turn = await startTurn(a.url)
    await new Promise((resolve) => setTimeout(resolve, 50))
    // Instance B can replay what A produced…
    const replay = await fetch(`${b.url}?runId=${turn.runId}&lastEventId=${turn.runId}:0`)
    expect(replay.status).toBe(200)
    const replayed = replay.text()
    // …and its stop request reaches A.
    const stop = await fetch(b.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ runId: turn.runId, stop: true }),
    })
    expect(await stop.json()).toEqual({ runId: turn.runId, stopped: true })
    await waitFor(() => a.outcomes.length > 0)
    expect(a.outcomes[0]).toMatchObject({ status: 'stopped', reason: 'stop' })
    expect((await replayed).trim().split('\n').at(-1)).toBe(
      'data: {"type":"run_finished","status":"stopped","reason":"stop"}',
    )
    expect(await turn.rest).toContain('"status":"stopped"')
  })
})
