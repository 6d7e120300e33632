import type { IncomingMessage, ServerResponse } from 'node:http'
import { summarize } from '@agentstream/core/summary'
import OpenAI from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import {
  chatStreamToSSE,
  createMemoryEventStore,
  pipeChatStreamToNodeResponse,
  pipeResponsesStreamToNodeResponse,
  responsesStreamToSSE,
  resumeSSE,
} from '../src'
import { createScriptedResponsesFetch, type Script } from '../src/testing'
import { client, cutProxy, listen, type TestServer, webToNode } from './helpers'

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

function responsesClient(script: Script) {
  const fetch = createScriptedResponsesFetch(script)
  return new OpenAI({ apiKey: 'sk-offline', baseURL: 'http://scripted.invalid/v1', fetch, maxRetries: 0 })
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  id: 'chatcmpl_1',
  object: 'chat.completion.chunk',
  created: 1767225600,
  model: 'gpt-test',
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
})

async function* chatChunks(options: { failAfter?: number; pause?: number } = {}) {
  const chunks = [
    chunk({ role: 'assistant', content: '' }),
    ...['Hello', ' from', ' the', ' chat', ' stream', ' — ', 'ünïcode', ' 👋'].map((content) =>
      chunk({ content }),
    ),
    chunk({
      tool_calls: [
        { index: 0, id: 'call_x', type: 'function', function: { name: 'lookup', arguments: '{"q":' } },
      ],
    }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '"oslo"}' } }] }),
    chunk({}, 'tool_calls'),
  ]
  let index = 0
  for (const item of chunks) {
    if (options.failAfter !== undefined && index === options.failAfter)
      throw Object.assign(new Error('Rate limit reached'), {
        error: { message: 'Rate limit reached', type: 'rate_limit_error', param: null, code: 'rate_limit' },
      })
    if (options.pause) await new Promise((resolve) => setTimeout(resolve, options.pause))
    index++
    yield item
  }
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void) {
  const server = await listen(handler)
  servers.push(server)
  return server.url
}

describe('responsesStreamToSSE', () => {
  const script: Script = [
    {
      items: [
        { type: 'reasoning', summary: 'Think briefly.' },
        { type: 'message', text: 'Responses pass through — unchanged. ✓' },
        { type: 'function_call', name: 'lookup', arguments: { q: 'oslo' }, callId: 'call_r' },
      ],
    },
  ]

  it('keeps the Responses wire format (event: <type>), Web and Node', async () => {
    const url = await serve(async (req, res) => {
      const openai = responsesClient(script)
      const stream = await openai.responses.create({ model: 'gpt-scripted', input: 'x', stream: true })
      if (req.url === '/node') {
        for await (const _ of req) {
        }
        return pipeResponsesStreamToNodeResponse(stream, res)
      }
      return webToNode(async (request) => responsesStreamToSSE(stream, { signal: request.signal }))(req, res)
    })
    for (const path of ['/web', '/node']) {
      const raw = await (await fetch(`${url}${path}`, { method: 'POST', body: '{}' })).text()
      expect(raw.startsWith('event: response.created\ndata: {"type":"response.created"')).toBe(true)
      expect(raw).not.toContain('\nid:')
      const store = client(`${url}${path}`)
      await store.send('x')
      expect(summarize(store.getState()), path).toMatchObject({
        protocol: 'openai-responses',
        status: 'done',
        reasoning: ['Think briefly.'],
        messages: [{ text: 'Responses pass through — unchanged. ✓' }],
        toolCalls: [{ callId: 'call_r', name: 'lookup', args: { q: 'oslo' } }],
      })
    }
  })

  it('turns a mid-stream failure into the API’s error event', async () => {
    const url = await serve(
      webToNode(async () => {
        const openai = responsesClient([
          {
            items: [{ type: 'message', text: 'Partial' }],
            end: { type: 'error', message: 'Upstream overloaded', code: 'overloaded' },
          },
        ])
        return responsesStreamToSSE(
          await openai.responses.create({ model: 'gpt-scripted', input: 'x', stream: true }),
        )
      }),
    )
    const raw = await (await fetch(url, { method: 'POST', body: '{}' })).text()
    expect(raw).toMatch(
      /event: error\ndata: \{"type":"error","code":"overloaded","message":"Upstream overloaded"/,
    )
    const store = client(url)
    await store.send('x')
    expect(summarize(store.getState())).toMatchObject({ status: 'error', error: 'Upstream overloaded' })
  })
})

describe('chatStreamToSSE', () => {
  it('keeps the Chat Completions wire format (data: chunk … data: [DONE]), Web and Node', async () => {
    const url = await serve(async (req, res) => {
      if (req.url === '/node') {
        for await (const _ of req) {
        }
        return pipeChatStreamToNodeResponse(chatChunks(), res)
      }
      return webToNode(async () => chatStreamToSSE(chatChunks()))(req, res)
    })
    for (const path of ['/web', '/node']) {
      const raw = await (await fetch(`${url}${path}`, { method: 'POST', body: '{}' })).text()
      expect(raw.startsWith('data: {"id":"chatcmpl_1"')).toBe(true)
      expect(raw.endsWith('data: [DONE]\n\n')).toBe(true)
      const store = client(`${url}${path}`)
      await store.send('x')
      expect(summarize(store.getState()), path).toMatchObject({
        protocol: 'openai-chat',
        status: 'done',
        messages: [{ text: 'Hello from the chat stream — ünïcode 👋' }],
        toolCalls: [{ callId: 'call_x', name: 'lookup', args: { q: 'oslo' } }],
      })
    }
  })

  it('writes a mid-stream error as data: {"error":…} and no [DONE]', async () => {
    const url = await serve(webToNode(async () => chatStreamToSSE(chatChunks({ failAfter: 3 }))))
    const raw = await (await fetch(url, { method: 'POST', body: '{}' })).text()
    expect(raw).toContain(
      'data: {"error":{"message":"Rate limit reached","type":"rate_limit_error","param":null,"code":"rate_limit"}}\n\n',
    )
    expect(raw).not.toContain('[DONE]')
    const store = client(url)
    await store.send('x')
    expect(summarize(store.getState())).toMatchObject({ status: 'error', error: 'Rate limit reached' })
  })

  it('an openai APIError (error frame from upstream) becomes the same error frame', async () => {
    const upstream = async () =>
      new Response(
        `data: ${JSON.stringify(chunk({ content: 'Hi' }))}\n\ndata: {"error":{"message":"Context too long","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}\n\n`,
        { headers: { 'content-type': 'text/event-stream' } },
      )
    const openai = new OpenAI({
      apiKey: 'sk-offline',
      baseURL: 'http://scripted.invalid/v1',
      fetch: upstream,
      maxRetries: 0,
    })
    const url = await serve(
      webToNode(async () =>
        chatStreamToSSE(await openai.chat.completions.create({ model: 'x', messages: [], stream: true })),
      ),
    )
    const raw = await (await fetch(url, { method: 'POST', body: '{}' })).text()
    expect(raw).toContain('"message":"Context too long"')
    expect(raw).toContain('"code":"context_length_exceeded"')
    const store = client(url)
    await store.send('x')
    expect(summarize(store.getState())).toMatchObject({
      status: 'error',
      error: 'Context too long',
      messages: [{ text: 'Hi' }],
    })
  })

  it('with a store: ids on every frame, and cut connections resume through resumeSSE', async () => {
    const store = createMemoryEventStore()
    const url = await serve(
      webToNode(async (request) => {
        if (request.headers.get('last-event-id')) return resumeSSE(request, { store })
        return chatStreamToSSE(chatChunks({ pause: 2 }), {
          store,
          onDisconnect: 'keep',
          signal: request.signal,
        })
      }),
    )
    const expected = await (async () => {
      const reader = client(url)
      await reader.send('x')
      return summarize(reader.getState())
    })()
    for (const k of [1, 2, 3]) {
      const proxy = await cutProxy(url, k)
      servers.push(proxy)
      const reader = client(proxy.url, { reconnect: { maxAttempts: 5, initialDelay: 1, maxDelay: 5 } })
      await reader.send('x')
      expect(summarize(reader.getState()), `k=${k}`).toEqual(expected)
      expect(proxy.stats.cuts).toBeGreaterThan(2)
    }
  })
})
