import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { selectMessages } from '../src/state'
import { createAgentStream } from '../src/store'
import { summarize } from '../src/summary'
import { createReplayFetch, createReplayStore, replayResponse } from '../src/testing/index'
import { startServer } from './http-server'

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '../src/protocols/__fixtures__', name), 'utf8')
const expected = (name: string) => JSON.parse(fixture(name.replace(/\.sse$/, '.summary.json')))

describe('createAgentStream', () => {
  it('reaches the recorded summary through fetch, whatever the chunking', async () => {
    for (const chunkSizes of [1, 7, 'random'] as const) {
      const store = createReplayStore([{ body: fixture('openai-agents/handoff.sse'), chunkSizes }])
      await store.send('Weather in Tokyo?')
      expect(summarize(store.getState())).toEqual(expected('openai-agents/handoff.sse'))
    }
  })

  it("publishes every change with batch: 'sync', and batches them otherwise", async () => {
    const body = fixture('ai-sdk/long-answer.sse')
    // 16-byte chunks: no chunk completes two frames, so every delta is its own state change.
    const sync = createReplayStore([{ body, chunkSizes: 16 }], { batch: 'sync' })
    let syncNotifications = 0
    sync.subscribe(() => syncNotifications++)
    await sync.send('Go')
    const framed = createReplayStore([{ body, chunkSizes: 64, delay: 1 }], { batch: 'frame' })
    let framedNotifications = 0
    framed.subscribe(() => framedNotifications++)
    await framed.send('Go')
    const deltas = (body.match(/"text-delta"/g) ?? []).length
    expect(deltas).toBeGreaterThanOrEqual(2000)
    expect(syncNotifications).toBeGreaterThan(deltas)
    expect(framedNotifications).toBeLessThan(deltas / 10)
    expect(summarize(framed.getState())).toEqual(summarize(sync.getState()))
  })

  it('gives the event loop turns while it reads a burst that is already buffered', async () => {
    const store = createAgentStream({ batch: 'sync' })
    // The reader yields after ~a frame of work; decoding this body takes less than that on a fast
    // machine: a clock that moves 5 ms each time it is read makes the check the same everywhere.
    let clock = 0
    const now = vi.spyOn(Date, 'now').mockImplementation(() => (clock += 5))
    onTestFinished(() => now.mockRestore())
    let turns = 0
    const ticker = setInterval(() => turns++, 0)
    await store.consume(replayResponse(fixture('openai-agents/long-answer.sse'), { chunkSizes: 1024 }))
    clearInterval(ticker)
    expect(summarize(store.getState())).toEqual(expected('openai-agents/long-answer.sse'))
    // Without yielding, every read resolves as a microtask and the interval never runs.
    expect(turns).toBeGreaterThan(0)
  })

  it('gives every message a unique id across turns, even where the protocol reuses part ids', async () => {
    const store = createReplayStore([{ body: fixture('ai-sdk/text.sse') }])
    await store.send('One')
    await store.send('Two')
    const ids = selectMessages(store.getState()).map((message) => message.id)
    expect(ids).toHaveLength(4)
    expect(new Set(ids).size).toBe(4)
  })

  it('calls onToolCall once per call, though the Agents SDK confirms a call twice', async () => {
    const calls: string[] = []
    const store = createReplayStore([{ body: fixture('openai-agents/parallel-tools.sse') }], {
      onToolCall: (call) => calls.push(call.callId),
    })
    await store.send('Weather in Paris and Tokyo?')
    expect(calls).toEqual(store.getState().toolCallIds)
    expect(calls.length).toBeGreaterThan(1)
  })

  it('starts each turn with no agent, so the next answer is not labelled with the last specialist', async () => {
    const store = createReplayStore([
      { body: fixture('openai-agents/handoff.sse') },
      { body: fixture('openai-agents/text.sse') },
    ])
    await store.send('Weather in Tokyo?')
    expect(store.getState().handoffs).toHaveLength(1)
    await store.send('Hello')
    const state = store.getState()
    const last = selectMessages(state).at(-1)!
    expect(last.agent).toBe(expected('openai-agents/text.sse').agent)
    expect(state.handoffs).toEqual([])
  })

  it('keeps what arrived and says so when the server answers 500; retry starts over', async () => {
    const store = createReplayStore([
      { body: '{"error":"overloaded"}', status: 500 },
      { body: fixture('openai-chat/text.sse') },
    ])
    await store.send('Hi')
    expect(store.getState()).toMatchObject({ status: 'error', error: { kind: 'http', status: 500 } })
    await store.retry()
    expect(summarize(store.getState())).toEqual(expected('openai-chat/text.sse'))
    expect(selectMessages(store.getState()).filter((message) => message.role === 'user')).toHaveLength(1)
  })

  it('stops: aborts the request, keeps the partial answer, and a later send works', async () => {
    const fetch = createReplayFetch([
      { body: fixture('ai-sdk/long-answer.sse'), chunkSizes: 256, delay: 2 },
      { body: fixture('ai-sdk/text.sse') },
    ])
    const store = createAgentStream({ url: 'http://agentstream.test', fetch, batch: 'sync' })
    const sending = store.send('Long please')
    await new Promise((resolve) => setTimeout(resolve, 40))
    store.stop()
    await sending
    const stopped = store.getState()
    expect(stopped.status).toBe('stopped')
    expect(stopped.error).toBeNull()
    const partial = selectMessages(stopped).at(-1)!
    expect(partial.parts[0]).toMatchObject({ type: 'text' })
    await store.send('Short')
    expect(store.getState().status).toBe('done')
  })

  it("does not try to resume a complete Agents body that simply ended (the SDK's clean end)", async () => {
    const body = fixture('openai-agents/text.sse')
      .split('\n\n')
      .filter(Boolean)
      .map((frame, index) => `id: ${index}\n${frame}\n\n`)
      .join('')
    let requests = 0
    const server = await startServer((_request, response) => {
      requests++
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.end(body)
    })
    try {
      const store = createAgentStream({ url: server.url, batch: 'sync' })
      await store.send('Hi')
      expect(store.getState().status).toBe('done')
      expect(requests).toBe(1)
    } finally {
      await server.close()
    }
  })

  it('re-joins a run from a saved event id, knowing its run id before the first frame', async () => {
    const seen: (string | undefined)[] = []
    const server = await startServer((request, response) => {
      seen.push(request.headers['last-event-id'] as string | undefined)
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.end(
        'id: run_7:5\ndata: {"type":"run_item_stream_event","name":"tool_approval_requested","item":{"type":"tool_approval_item","agent":{"name":"Billing"},"toolName":"issue_refund","rawItem":{"type":"function_call","callId":"call_1","name":"issue_refund","arguments":"{}"}}}\n\nid: run_7:6\ndata: {"type":"run_finished","status":"interrupted"}\n\n',
      )
    })
    try {
      const store = createAgentStream({ url: server.url, batch: 'sync' })
      await store.resume({ lastEventId: 'run_7:4' })
      expect(seen).toEqual(['run_7:4'])
      expect(store.getState()).toMatchObject({ runId: 'run_7', status: 'interrupted', agent: 'Billing' })
      expect(store.getState().approvals.map((approval) => approval.callId)).toEqual(['call_1'])
    } finally {
      await server.close()
    }
  })

  it('shows a server-side stop as stopped, not done', async () => {
    const store = createReplayStore([
      {
        body: 'data: {"type":"run_started","runId":"r1","agent":{"name":"Triage"}}\n\ndata: {"type":"run_finished","status":"stopped"}\n\n',
      },
    ])
    await store.send('Hi')
    expect(store.getState()).toMatchObject({ status: 'stopped', runId: 'r1', agent: 'Triage' })
  })

  it('reports a kit-server run cut before its run_finished as truncated, keeping the text', async () => {
    const store = createReplayStore([
      {
        body: 'data: {"type":"run_started","runId":"r1","agent":{"name":"Triage"}}\n\ndata: {"type":"raw_model_stream_event","data":{"type":"output_text_delta","delta":"Half an ans"}}\n\n',
      },
    ])
    await store.send('Hi')
    expect(store.getState()).toMatchObject({ status: 'error', error: { kind: 'truncated' } })
    expect(summarize(store.getState()).messages.map((message) => message.text)).toEqual(['Half an ans'])
  })

  it.each(['stop', 'reset'] as const)(
    'cancels the run when %s() comes while an async prepareRequest is pending',
    async (action) => {
      const fetch = createReplayFetch([{ body: fixture('ai-sdk/text.sse') }])
      let release!: () => void
      const store = createAgentStream({
        url: 'http://agentstream.test',
        fetch,
        batch: 'sync',
        prepareRequest: async ({ request }) => {
          // Fetching a token, say.
          await new Promise<void>((resolve) => {
            release = resolve
          })
          return request
        },
      })
      const sending = store.send('Hi')
      await Promise.resolve()
      store[action]()
      release()
      await sending
      expect(fetch.requests).toHaveLength(0)
      expect(store.getState().status).toBe(action === 'stop' ? 'stopped' : 'idle')
      expect(selectMessages(store.getState()).filter((message) => message.role === 'assistant')).toEqual([])
    },
  )

  it.each(['stop', 'reset'] as const)('applies nothing more after %s() from onEvent', async (action) => {
    const fetch = createReplayFetch([{ body: fixture('ai-sdk/long-answer.sse') }])
    let deltas = 0
    const store = createAgentStream({
      url: 'http://agentstream.test',
      fetch,
      batch: 'sync',
      onEvent: (event) => {
        if (event.type === 'text-delta' && ++deltas === 3) store[action]()
      },
    })
    await store.send('Long please')
    const state = store.getState()
    expect(state.status).toBe(action === 'stop' ? 'stopped' : 'idle')
    expect(selectMessages(state).every((message) => message.status !== 'streaming')).toBe(true)
    if (action === 'reset') expect(selectMessages(state)).toEqual([])
  })

  it.each([
    [
      'ag-ui',
      [
        '{"type":"RUN_STARTED","threadId":"t","runId":"r"}',
        ...['Hello ', 'brave ', 'new ', 'world'].map((delta) =>
          JSON.stringify({ type: 'TEXT_MESSAGE_CONTENT', messageId: 'm', delta }),
        ),
        '{"type":"TEXT_MESSAGE_END","messageId":"m"}',
        '{"type":"RUN_FINISHED","threadId":"t","runId":"r"}',
      ],
    ],
    [
      'openai-chat',
      [
        ...['Hello ', 'brave ', 'new ', 'world'].map((content) =>
          JSON.stringify({
            id: 'c1',
            object: 'chat.completion.chunk',
            choices: [{ index: 0, delta: { content } }],
          }),
        ),
        '{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}',
        '[DONE]',
      ],
    ],
  ])('%s: retry() after a dropped connection continues the same answer', async (_protocol, frames) => {
    let requests = 0
    const server = await startServer((request, response) => {
      requests++
      const last = request.headers['last-event-id']
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      const from = last === undefined ? 0 : Number(last) + 1
      const to = requests === 1 ? 3 : frames.length
      for (let index = from; index < to; index++) response.write(`id: ${index}\ndata: ${frames[index]}\n\n`)
      if (requests === 1) setTimeout(() => response.socket?.destroy(), 20)
      else response.end()
    })
    try {
      const store = createAgentStream({ url: server.url, batch: 'sync', reconnect: false })
      await store.send('Hi')
      expect(store.getState()).toMatchObject({ status: 'error', error: { kind: 'network' } })
      await store.retry()
      const state = store.getState()
      expect(state.status).toBe('done')
      const answers = selectMessages(state).filter((message) => message.role === 'assistant')
      expect(
        answers.map((message) => [message.status, message.parts.map((part) => 'text' in part && part.text)]),
      ).toEqual([['done', ['Hello brave new world']]])
    } finally {
      await server.close()
    }
  })

  it('takes frozen events from dispatch (it never writes to them)', () => {
    const store = createAgentStream({ batch: 'sync' })
    const event = Object.freeze({ type: 'tool-call-start', callId: 'c1', name: 'lookup' } as const)
    expect(() => store.dispatch(event)).not.toThrow()
    expect(store.getState().toolCalls.c1).toMatchObject({ name: 'lookup', status: 'streaming-arguments' })
  })
})
