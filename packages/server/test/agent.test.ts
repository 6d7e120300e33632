import type { IncomingMessage, ServerResponse } from 'node:http'
import { summarize } from '@agentstream/core/summary'
import { RunState } from '@openai/agents'
import { afterEach, describe, expect, it } from 'vitest'
import { type AgentHandlerOptions, createAgentHandler, type RunOutcome } from '../src'
import type { Script } from '../src/testing'
import { client, listen, makeAgents, send, type TestServer, WEATHER, webToNode } from './helpers'

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

type Mount = 'node' | 'web'

async function serve(script: Script, mount: Mount, extra: Partial<AgentHandlerOptions> = {}) {
  const agents = makeAgents(script)
  const outcomes: RunOutcome[] = []
  const handler = createAgentHandler({
    agent: agents.assistant,
    keepAliveInterval: 0,
    onRunFinish: (outcome) => outcomes.push(outcome),
    ...extra,
  })
  const server = await listen(
    mount === 'node'
      ? (req: IncomingMessage, res: ServerResponse) => handler.node(req, res)
      : webToNode((request) => handler(request)),
  )
  servers.push(server)
  return { ...agents, handler, outcomes, url: `${server.url}/api/agent` }
}

/** POSTs a JSON body (a string goes as it is, for bodies that are not valid JSON). */
function postJson(url: string, body: unknown, init: RequestInit = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  })
}

/** A run stopped at an `issue_refund` call that needs approval; its run id and call id. */
async function refundAwaitingApproval(mount: Mount, order: string) {
  const callId = `call_${order.toLowerCase()}`
  const { url } = await serve(
    [
      {
        items: [
          { type: 'function_call', name: 'issue_refund', arguments: { orderId: order, amount: 1 }, callId },
        ],
      },
      { items: [{ type: 'message', text: 'ok' }] },
    ],
    mount,
  )
  const store = client(url)
  await store.send(`Refund ${order}`)
  return { url, callId, status: store.getState().status, runId: store.getState().runId }
}

describe.each<Mount>(['node', 'web'])('createAgentHandler over %s http', (mount) => {
  it('streams text: run_started, SDK events, run_finished', async () => {
    const { url, outcomes } = await serve(
      [{ items: [{ type: 'message', text: 'Hello there — how can I help? 👋' }] }],
      mount,
    )
    const summary = await send(url, 'Hi')
    expect(summary).toMatchObject({
      protocol: 'openai-agents',
      status: 'done',
      error: null,
      agent: 'Assistant',
      messages: [{ role: 'assistant', agent: 'Assistant', text: 'Hello there — how can I help? 👋' }],
      toolCalls: [],
      approvals: [],
      skippedFrames: 0,
    })
    expect(outcomes).toEqual([expect.objectContaining({ status: 'done' })])
  })

  it('announces the run id and the first agent, and ids every frame <runId>:<seq>', async () => {
    const { url } = await serve([{ items: [{ type: 'message', text: 'Hi!' }] }], mount)
    const response = await postJson(url, { input: 'Hi' })
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const runId = response.headers.get('x-agentstream-run-id')!
    const text = await response.text()
    const frames = text.split('\n\n').filter((frame) => frame.includes('data:'))
    expect(frames[0]).toBe(
      `id: ${runId}:0\ndata: ${JSON.stringify({ type: 'run_started', runId, agent: { name: 'Assistant' } })}`,
    )
    for (const [seq, frame] of frames.entries()) expect(frame.startsWith(`id: ${runId}:${seq}\n`)).toBe(true)
    expect(frames.at(-1)).toContain('{"type":"run_finished","status":"done"}')
  })

  it('runs tools and keeps the conversation history', async () => {
    const { url, model } = await serve(
      [
        {
          items: [
            { type: 'function_call', name: 'get_weather', arguments: { city: 'Oslo' }, callId: 'call_oslo' },
          ],
        },
        { items: [{ type: 'message', text: 'It is 4 °C and cloudy in Oslo.' }] },
        { items: [{ type: 'message', text: 'You are welcome.' }] },
      ],
      mount,
    )
    const store = client(url)
    await store.send('Weather in Oslo?')
    expect(summarize(store.getState())).toMatchObject({
      status: 'done',
      messages: [{ agent: 'Assistant', text: 'It is 4 °C and cloudy in Oslo.' }],
      toolCalls: [
        {
          callId: 'call_oslo',
          name: 'get_weather',
          agent: 'Assistant',
          args: { city: 'Oslo' },
          output: WEATHER.Oslo,
          status: 'done',
        },
      ],
    })
    await store.send('Thanks!')
    expect(summarize(store.getState()).messages.at(-1)).toEqual({
      role: 'assistant',
      agent: 'Assistant',
      text: 'You are welcome.',
    })
    // The second turn sent the history: earlier user and assistant messages, then the new input.
    const input = model.requests[2]!.body.input as { role: string }[]
    expect(input.map((item) => item.role)).toEqual(['user', 'assistant', 'user'])
    expect(model.requests[2]!.lastUserText).toBe('Thanks!')
  })

  it('follows a handoff', async () => {
    const { url } = await serve(
      [
        { items: [{ type: 'handoff', to: 'Weather Agent' }] },
        {
          items: [
            {
              type: 'function_call',
              name: 'get_weather',
              arguments: { city: 'Paris' },
              callId: 'call_paris',
            },
          ],
        },
        { items: [{ type: 'message', text: 'Paris: 21 °C and sunny.' }] },
      ],
      mount,
    )
    const summary = await send(url, 'Weather in Paris?')
    expect(summary).toMatchObject({
      status: 'done',
      agent: 'Weather Agent',
      handoffs: [{ from: 'Assistant', to: 'Weather Agent' }],
      messages: [{ agent: 'Weather Agent', text: 'Paris: 21 °C and sunny.' }],
      toolCalls: [
        { callId: 'call_paris', name: 'get_weather', agent: 'Weather Agent', output: WEATHER.Paris },
      ],
    })
  })

  it('round-trips an approval: interrupted, then approve continues the run', async () => {
    const { url, outcomes, model } = await serve(
      [
        {
          items: [
            { type: 'message', text: 'I need your OK first.' },
            {
              type: 'function_call',
              name: 'issue_refund',
              arguments: { orderId: 'A-17', amount: 42 },
              callId: 'call_refund',
            },
          ],
        },
        { items: [{ type: 'message', text: 'Done: $42.00 refunded on A-17.' }] },
      ],
      mount,
    )
    const store = client(url)
    await store.send('Refund order A-17')
    const first = summarize(store.getState())
    expect(first).toMatchObject({
      status: 'interrupted',
      approvals: [{ callId: 'call_refund', name: 'issue_refund', args: { orderId: 'A-17', amount: 42 } }],
      toolCalls: [{ callId: 'call_refund', status: 'awaiting-approval' }],
    })
    const firstRunId = store.getState().runId
    await store.approve('call_refund')
    const second = summarize(store.getState())
    expect(second).toMatchObject({
      status: 'done',
      approvals: [],
      messages: [{ text: 'I need your OK first.' }, { text: 'Done: $42.00 refunded on A-17.' }],
      toolCalls: [
        {
          callId: 'call_refund',
          name: 'issue_refund',
          output: 'Refunded $42.00 on order A-17',
          status: 'done',
        },
      ],
    })
    expect(store.getState().runId).not.toBe(firstRunId)
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['interrupted', 'done'])
    expect(model.requests[1]!.toolOutputs).toEqual([
      { callId: 'call_refund', output: 'Refunded $42.00 on order A-17' },
    ])
  })

  it('round-trips a rejection with a reason', async () => {
    const { url, model } = await serve(
      [
        {
          items: [
            {
              type: 'function_call',
              name: 'issue_refund',
              arguments: { orderId: 'B-2', amount: 900 },
              callId: 'call_big',
            },
          ],
        },
        { items: [{ type: 'message', text: 'Understood, no refund.' }] },
      ],
      mount,
    )
    const store = client(url)
    await store.send('Refund B-2')
    expect(store.getState().status).toBe('interrupted')
    await store.reject('call_big', 'too expensive')
    expect(summarize(store.getState())).toMatchObject({
      status: 'done',
      toolCalls: [
        { callId: 'call_big', status: 'denied', output: 'Tool execution was not approved: too expensive' },
      ],
      messages: [{ text: 'Understood, no refund.' }],
    })
    expect(model.requests[1]!.toolOutputs[0]!.callId).toBe('call_big')
  })

  it('a second approval of the same run is refused (409), an unknown call id is 400', async () => {
    const { url, runId } = await refundAwaitingApproval(mount, 'C')
    const post = (body: unknown) => postJson(url, body)
    const unknown = await post({ runId, approvals: [{ callId: 'nope', approved: true }] })
    expect(unknown.status).toBe(400)
    const ok = await post({ runId, approvals: [{ callId: 'call_c', approved: true }] })
    expect(ok.status).toBe(200)
    await ok.text()
    const again = await post({ runId, approvals: [{ callId: 'call_c', approved: true }] })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ error: { name: 'NoPendingApprovals' } })
  })

  it('stops a run that waits for approval: says so, and the approval can no longer continue it', async () => {
    const { url, runId, status } = await refundAwaitingApproval(mount, 'D')
    expect(status).toBe('interrupted')
    const post = (body: unknown) => postJson(url, body)
    const stopped = await post({ runId, stop: true })
    expect(stopped.status).toBe(200)
    expect(await stopped.json()).toEqual({ runId, stopped: true })
    expect((await post({ runId, approvals: [{ callId: 'call_d', approved: true }] })).status).toBe(409)
  })

  it('sends an error frame when the model fails', async () => {
    const { url, outcomes } = await serve(
      [
        {
          items: [{ type: 'message', text: 'Partial ' }],
          end: { type: 'failed', message: 'The model is overloaded.' },
        },
      ],
      mount,
    )
    const summary = await send(url, 'Hi')
    expect(summary.status).toBe('error')
    expect(summary.errorKind).toBe('server')
    expect(summary.error).toContain('The model is overloaded.')
    expect(outcomes).toEqual([expect.objectContaining({ status: 'error' })])
  })

  it('sends an error frame when the model request fails (HTTP 500)', async () => {
    const { url } = await serve([{ end: { type: 'http', status: 500, message: 'upstream exploded' } }], mount)
    const summary = await send(url, 'Hi')
    expect(summary.status).toBe('error')
    expect(summary.error).toContain('upstream exploded')
  })

  it('a run() that throws before streaming still answers with a stream and an error frame', async () => {
    const { url } = await serve([], mount, {
      sdk: {
        run: (async () => {
          throw new Error('OPENAI_API_KEY is not set')
        }) as never,
        RunState,
      },
    })
    const summary = await send(url, 'Hi')
    expect(summary).toMatchObject({ status: 'error', error: 'OPENAI_API_KEY is not set', agent: 'Assistant' })
  })

  it('masks errors with formatError', async () => {
    const { url } = await serve([{ end: { type: 'failed', message: 'secret internal detail' } }], mount, {
      formatError: () => ({ name: 'AgentError', message: 'Something went wrong.' }),
    })
    const summary = await send(url, 'Hi')
    expect(summary).toMatchObject({ status: 'error', error: 'Something went wrong.' })
  })

  it('refuses a body over maxBodyBytes with 413, and the next request is served', async () => {
    const { url } = await serve([{ items: [{ type: 'message', text: 'Hi!' }] }], mount, {
      maxBodyBytes: 1024,
    })
    const huge = await postJson(url, { input: 'x'.repeat(2 * 1024 * 1024) })
    expect(huge.status).toBe(413)
    expect(await huge.json()).toMatchObject({ error: { message: 'The body is larger than 1024 bytes.' } })
    const next = await postJson(url, { input: 'Hi' }, { signal: AbortSignal.timeout(5000) })
    expect(next.status).toBe(200)
    expect(await next.text()).toContain('run_finished')
  })

  it('answers bad requests with JSON errors', async () => {
    const { url } = await serve([], mount)
    const post = (body: string) => postJson(url, body)
    expect((await post('{not json')).status).toBe(400)
    expect((await post(JSON.stringify({ nothing: true }))).status).toBe(400)
    expect(
      (await post(JSON.stringify({ input: 'x', history: [{ role: 'system', content: 'evil' }] }))).status,
    ).toBe(400)
    expect((await fetch(url)).status).toBe(400)
    const unknown = await fetch(url, { headers: { 'last-event-id': 'run_missing:3' } })
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ error: { name: 'UnknownRunError' } })
  })
})
