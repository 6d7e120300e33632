/**
 * The embedded endpoints over HTTP, as the Vite dev server mounts them: the agents on the scripted
 * model, resume and stop, the fixture list and the paced replays.
 */
import { readdir, readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, relative } from 'node:path'
import { decodeBody } from '@agentstream/core'
import { type RunSummary, summarize } from '@agentstream/core/summary'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STORIES, sourceUrl } from '../src/gallery/stories'
import { DEMO_ROOT, type Demo, FIXTURES, readFixtureBytes, startDemo } from './helpers'

let demo: Demo

beforeAll(async () => {
  demo = await startDemo({ tokenDelay: 0, thinkDelay: 0, toolDelay: 5 })
})
afterAll(async () => {
  await demo?.close()
})

async function agent(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${demo.url}/api/agent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  return {
    response,
    text,
    summary: summarize(decodeBody(text)),
    runId: response.headers.get('x-agentstream-run-id'),
  }
}

/** `toEqual` on big byte arrays is slow enough for the server to drop the idle keep-alive socket. */
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))

const allText = (summary: RunSummary) => summary.messages.map((message) => message.text).join('\n')

async function fixturePaths(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true })
  return entries
    .filter((entry) => entry.endsWith('.sse'))
    .map((entry) =>
      relative(directory, join(directory, entry))
        .replace(/\\/g, '/')
        .replace(/\.sse$/, ''),
    )
    .sort()
}

describe('GET /api/info', () => {
  it('says which model the agents run on', async () => {
    const info = await (await fetch(`${demo.url}/api/info`)).json()
    expect(info).toMatchObject({ model: 'scripted', modelName: 'scripted-demo' })
    expect(info.prompts).toHaveLength(6)
  })
})

describe('POST /api/agent (the scripted model)', () => {
  it('weather: a handoff to the Weather Agent, a get_weather call, an answer', async () => {
    const { response, summary } = await agent({ input: 'What’s the weather in Oslo?' })
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(summary.protocol).toBe('openai-agents')
    expect(summary.status).toBe('done')
    expect(summary.handoffs).toEqual([{ from: 'Triage Agent', to: 'Weather Agent' }])
    expect(summary.toolCalls).toMatchObject([
      { name: 'get_weather', agent: 'Weather Agent', args: { city: 'Oslo' }, status: 'done' },
    ])
    expect(JSON.parse(String(summary.toolCalls[0]!.output))).toMatchObject({ city: 'Oslo', tempC: 4 })
    expect(summary.agent).toBe('Weather Agent')
    expect(allText(summary)).toContain('In **Oslo** it’s **4 °C**')
  })

  it('two cities: parallel tool calls', async () => {
    const { summary } = await agent({ input: 'Compare the weather in Paris and Tokyo' })
    expect(summary.toolCalls.map((call) => call.args)).toEqual([{ city: 'Paris' }, { city: 'Tokyo' }])
    expect(allText(summary)).toMatch(/Paris[\s\S]*Tokyo/)
  })

  it('refund: stops for an approval, then refunds once approved', async () => {
    const first = await agent({ input: 'I need a refund for order A1001' })
    expect(first.summary.status).toBe('interrupted')
    expect(first.summary.handoffs).toEqual([{ from: 'Triage Agent', to: 'Billing Agent' }])
    expect(first.summary.approvals).toMatchObject([
      {
        name: 'issue_refund',
        args: { order_id: 'A1001', amount: 129, reason: 'Customer requested a refund' },
      },
    ])
    const callId = first.summary.approvals[0]!.callId
    const second = await agent({ runId: first.runId, approvals: [{ callId, approved: true }] })
    expect(second.summary.status).toBe('done')
    expect(second.summary.toolCalls).toMatchObject([{ callId, name: 'issue_refund', status: 'done' }])
    expect(allText(second.summary)).toMatch(/Done! ✅ I refunded \*\*\$129\.00\*\* for order \*\*A1001\*\*/)
  })

  it('refund: a rejection is answered without refunding', async () => {
    const first = await agent({ input: 'I need a refund for order A1001' })
    const callId = first.summary.approvals[0]!.callId
    const second = await agent({ runId: first.runId, approvals: [{ callId, approved: false, reason: 'No' }] })
    expect(second.summary.status).toBe('done')
    expect(allText(second.summary)).toContain('I did **not** refund order **A1001**')
  })

  it('order status: the lookup fails and the agent says so', async () => {
    const { summary } = await agent({ input: 'Check the status of order Z999' })
    expect(summary.status).toBe('done')
    expect(summary.toolCalls).toMatchObject([{ name: 'lookup_order', args: { order_id: 'Z999' } }])
    expect(String(summary.toolCalls[0]!.output)).toMatch(/^Error: Order service timed out/)
    expect(allText(summary)).toContain('I couldn’t check order **Z999**')
  })

  it('explain: reasoning and a long Markdown answer with a code block', async () => {
    const { summary } = await agent({ input: 'Explain how you work' })
    expect(summary.reasoning[0]).toMatch(/^The user wants to know how this demo works/)
    expect(allText(summary)).toContain('```ts\nimport { createAgentHandler }')
    expect(allText(summary).split(/\s+/).length).toBeGreaterThan(250)
  })

  it('a simulated model failure: an error frame after partial text, then a retry that works', async () => {
    const input = `Simulate a model error #${Date.now()}`
    const first = await agent({ input })
    expect(first.summary).toMatchObject({
      status: 'error',
      errorKind: 'server',
      error: 'The model is overloaded right now (a simulated outage). Press Retry.',
    })
    const second = await agent({ input })
    expect(second.summary.status).toBe('done')
    expect(allText(second.summary)).toContain('That worked on the second try.')
  })

  it('keeps the conversation: history goes to the model', async () => {
    const { summary } = await agent({
      input: 'And in Tokyo?',
      history: [
        { role: 'user', content: 'What’s the weather in Oslo?' },
        { role: 'assistant', content: 'It’s 4 °C in Oslo.' },
      ],
    })
    expect(summary.toolCalls).toMatchObject([{ name: 'get_weather', args: { city: 'Tokyo' } }])
  })

  it('resumes a dropped stream from Last-Event-ID', async () => {
    const slow = await startDemo({ tokenDelay: 5, thinkDelay: 0, toolDelay: 5 })
    try {
      const controller = new AbortController()
      const response = await fetch(`${slow.url}/api/agent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: 'Explain how you work' }),
        signal: controller.signal,
      })
      const reader = response.body!.getReader()
      let head = ''
      while (!/\n\n[\s\S]*\n\n[\s\S]*\n\n/.test(head))
        head += new TextDecoder().decode((await reader.read()).value)
      controller.abort()
      const frames = head.slice(0, head.lastIndexOf('\n\n') + 2)
      const ids = [...frames.matchAll(/^id: (.+)$/gm)].map((match) => match[1]!)
      const lastId = ids[ids.length - 1]!
      const rest = await fetch(`${slow.url}/api/agent`, {
        method: 'GET',
        headers: { 'last-event-id': lastId },
      })
      expect(rest.status).toBe(200)
      const tail = await rest.text()
      expect(tail).not.toContain(`id: ${lastId}\n`)
      const summary = summarize(decodeBody(frames + tail))
      expect(summary.status).toBe('done')
      expect(allText(summary)).toContain('## 4. The client')
    } finally {
      await slow.close()
    }
  })

  it('stops a run for good on { runId, stop: true }', async () => {
    const slow = await startDemo({ tokenDelay: 20, thinkDelay: 0, toolDelay: 5 })
    try {
      const response = await fetch(`${slow.url}/api/agent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: 'Explain how you work' }),
      })
      const runId = response.headers.get('x-agentstream-run-id')
      const reading = response.text()
      await new Promise((resolve) => setTimeout(resolve, 300))
      const stop = await fetch(`${slow.url}/api/agent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ runId, stop: true }),
      })
      expect(await stop.json()).toMatchObject({ runId, stopped: true })
      const text = await reading
      expect(text).toContain('"type":"run_finished","status":"stopped"')
    } finally {
      await slow.close()
    }
  })

  it('refuses a body it cannot read', async () => {
    const response = await fetch(`${demo.url}/api/agent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"nope":1}',
    })
    expect(response.status).toBe(400)
  })
})

describe('/api/fixtures', () => {
  it('lists every recorded fixture of every protocol', async () => {
    const list = (await (await fetch(`${demo.url}/api/fixtures`)).json()) as {
      protocol: string
      name: string
      url: string
    }[]
    const expected = await fixturePaths(FIXTURES)
    expect(list.map((fixture) => `${fixture.protocol}/${fixture.name}`).sort()).toEqual(expected)
    expect(new Set(list.map((fixture) => fixture.protocol))).toEqual(
      new Set(['openai-agents', 'openai-responses', 'openai-chat', 'ai-sdk', 'ag-ui', 'text']),
    )
    expect(list[0]!.url).toBe(`/api/fixtures/${list[0]!.protocol}/${list[0]!.name}`)
  })

  it('replays every fixture byte for byte with its recorded headers', async () => {
    const expected = await fixturePaths(FIXTURES)
    for (const path of expected) {
      const response = await fetch(`${demo.url}/api/fixtures/${path}?pace=0`)
      expect(response.status, path).toBe(200)
      const headers = JSON.parse(await readFile(join(FIXTURES, `${path}.headers.json`), 'utf8')) as Record<
        string,
        string
      >
      for (const [name, value] of Object.entries(headers))
        expect(response.headers.get(name), `${path} ${name}`).toBe(value)
      expect(
        sameBytes(new Uint8Array(await response.arrayBuffer()), await readFixtureBytes(path)),
        path,
      ).toBe(true)
    }
  })

  it('paces a replay one frame at a time, for GET and POST', async () => {
    for (const method of ['GET', 'POST']) {
      const started = Date.now()
      const response = await fetch(`${demo.url}/api/fixtures/openai-chat/text?pace=15`, {
        method,
        ...(method === 'POST'
          ? { body: '{"message":"hi"}', headers: { 'content-type': 'application/json' } }
          : {}),
      })
      const reader = response.body!.getReader()
      const chunks: Uint8Array[] = []
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        chunks.push(value)
      }
      const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0))
      let offset = 0
      for (const chunk of chunks) {
        bytes.set(chunk, offset)
        offset += chunk.byteLength
      }
      const original = await readFixtureBytes('openai-chat/text')
      expect(sameBytes(bytes, original)).toBe(true)
      const frames = new TextDecoder().decode(original).split('\n\n').length - 1
      expect(chunks.length).toBeGreaterThan(1)
      expect(Date.now() - started).toBeGreaterThanOrEqual((frames - 1) * 15 - 20)
    }
  })

  it('keeps a truncated body truncated, with CR line endings too', async () => {
    for (const path of ['openai-chat/broken/truncated', 'ag-ui/broken/cr']) {
      const response = await fetch(`${demo.url}/api/fixtures/${path}?pace=1`)
      expect(
        sameBytes(new Uint8Array(await response.arrayBuffer()), await readFixtureBytes(path)),
        path,
      ).toBe(true)
    }
  })

  it('answers 404 for an unknown fixture and does not leave the fixture folder', async () => {
    expect((await fetch(`${demo.url}/api/fixtures/openai-chat/nope`)).status).toBe(404)
    expect((await fetch(`${demo.url}/api/fixtures/..%2F..%2Fpackage.json/x`)).status).toBe(404)
  })
})

describe('/api/recordings (the Gallery’s streams of the demo agents)', () => {
  it('every Gallery state has a stream that decodes', async () => {
    const sources = new Set(STORIES.flatMap((story) => story.states.map((state) => state.source)))
    for (const source of sources) {
      const response = await fetch(`${demo.url}${sourceUrl(source)}?pace=0`)
      expect(response.status, source).toBe(200)
      const summary = summarize(
        decodeBody(new Uint8Array(await response.arrayBuffer()), { headers: response.headers }),
      )
      expect(['done', 'error', 'interrupted', 'incomplete'], source).toContain(summary.status)
    }
  })

  it('the committed recordings decode as openai-agents streams with an answer', async () => {
    const recordings = join(DEMO_ROOT, 'recordings')
    for (const path of await fixturePaths(recordings)) {
      const body = await readFile(join(recordings, `${path}.sse`), 'utf8')
      const summary = summarize(decodeBody(body))
      expect(summary.protocol, path).toBe('openai-agents')
      expect(summary.messages.length, path).toBeGreaterThan(0)
    }
  })
})

describe('with OPENAI_API_KEY: the same agents on the OpenAI Responses API', () => {
  let fake: Server
  let openai: Demo
  const requests: Record<string, unknown>[] = []

  beforeAll(async () => {
    // Stands in for api.openai.com (OPENAI_BASE_URL): one Responses stream with a short answer.
    fake = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => {
        body += chunk
      })
      req.on('end', () => {
        requests.push({ url: req.url, authorization: req.headers.authorization, ...JSON.parse(body || '{}') })
        const response = {
          id: 'resp_1',
          object: 'response',
          created_at: 1,
          status: 'in_progress',
          model: 'gpt-4.1-mini',
          output: [],
        }
        const item = {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Hello from OpenAI!', annotations: [] }],
        }
        const events = [
          { type: 'response.created', response },
          {
            type: 'response.output_item.added',
            output_index: 0,
            item: { ...item, status: 'in_progress', content: [] },
          },
          ...['Hello', ' from', ' OpenAI!'].map((delta) => ({
            type: 'response.output_text.delta',
            item_id: 'msg_1',
            output_index: 0,
            content_index: 0,
            delta,
            logprobs: [],
          })),
          { type: 'response.output_item.done', output_index: 0, item },
          {
            type: 'response.completed',
            response: {
              ...response,
              status: 'completed',
              output: [item],
              usage: {
                input_tokens: 10,
                output_tokens: 3,
                total_tokens: 13,
                input_tokens_details: { cached_tokens: 0 },
                output_tokens_details: { reasoning_tokens: 0 },
              },
            },
          },
        ]
        res.writeHead(200, { 'content-type': 'text/event-stream' })
        res.end(
          events
            .map(
              (event, index) =>
                `event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number: index })}\n\n`,
            )
            .join(''),
        )
      })
    })
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve))
    const { port } = fake.address() as AddressInfo
    openai = await startDemo({
      env: {
        DEMO_MODEL: 'openai',
        OPENAI_API_KEY: 'sk-test-not-a-key',
        OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        OPENAI_AGENTS_DISABLE_TRACING: '1',
      },
    })
  })
  afterAll(async () => {
    await openai?.close()
    await new Promise((resolve) => fake?.close(resolve))
  })

  it('says so on /api/info and streams the real model’s answer', async () => {
    expect(await (await fetch(`${openai.url}/api/info`)).json()).toMatchObject({
      model: 'openai',
      modelName: 'gpt-4.1-mini',
    })
    const response = await fetch(`${openai.url}/api/agent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'Hello?' }),
    })
    const summary = summarize(decodeBody(await response.text()))
    expect(summary).toMatchObject({
      status: 'done',
      agent: 'Triage Agent',
      messages: [{ text: 'Hello from OpenAI!' }],
    })
    const request = requests[0]!
    expect(request).toMatchObject({
      url: '/v1/responses',
      authorization: 'Bearer sk-test-not-a-key',
      model: 'gpt-4.1-mini',
      stream: true,
    })
    expect((request.tools as { name: string }[]).map((tool) => tool.name)).toEqual([
      'transfer_to_Weather_Agent',
      'transfer_to_Billing_Agent',
    ])
  })
})
