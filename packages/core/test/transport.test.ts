import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import type { SseMessage } from '../src/protocols/types'
import { streamSse } from '../src/transport'
import { startServer } from './http-server'

let server: Awaited<ReturnType<typeof startServer>> | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const frames = Array.from({ length: 10 }, (_, index) => `id: ${index}\ndata: {"n":${index}}\n\n`)

describe('streamSse', () => {
  it('reconnects with Last-Event-ID after a cut and never delivers a message twice', async () => {
    const seenLastEventIds: (string | undefined)[] = []
    server = await startServer((request, response) => {
      const last = request.headers['last-event-id'] as string | undefined
      seenLastEventIds.push(last)
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      // A careless server replays from the start; the client must still not double anything.
      const from = seenLastEventIds.length === 3 ? 0 : last === undefined ? 0 : Number(last) + 1
      const to = Math.min(frames.length, from + 4)
      response.write(`retry: 5\n\n${frames.slice(from, to).join('')}`)
      if (to === frames.length) response.end('data: end\n\n')
      else setTimeout(() => response.socket?.destroy(), 10)
    })
    const messages: SseMessage[] = []
    const reconnects: number[] = []
    const outcome = await streamSse({
      request: { url: server.url, method: 'POST', body: { input: 'hi' } },
      signal: new AbortController().signal,
      onMessage: (message) => messages.push(message),
      onReconnect: (attempt) => reconnects.push(attempt),
      isFinished: () => messages.at(-1)?.data === 'end',
    })
    expect(outcome).toEqual({ type: 'end' })
    expect(messages.map((message) => message.data)).toEqual([
      ...frames.map((_, index) => `{"n":${index}}`),
      'end',
    ])
    expect(seenLastEventIds[0]).toBeUndefined()
    expect(seenLastEventIds[1]).toBe('3')
    expect(reconnects.length).toBeGreaterThanOrEqual(2)
  })

  it('delivers every message of a server that repeats one id, and resumes after it without doubles', async () => {
    // One id per response (as some Chat Completions servers send); the reconnection replays from the start.
    let requests = 0
    server = await startServer((_request, response) => {
      requests++
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.write('retry: 5\n\nid: chatcmpl-1\ndata: Hel\n\nid: chatcmpl-1\ndata: lo\n\n')
      if (requests === 1) setTimeout(() => response.socket?.destroy(), 10)
      else response.end('id: chatcmpl-2\ndata: world\n\ndata: end\n\n')
    })
    const messages: string[] = []
    const outcome = await streamSse({
      request: { url: server.url },
      signal: new AbortController().signal,
      onMessage: (message) => messages.push(message.data),
      isFinished: () => messages.at(-1) === 'end',
    })
    expect(outcome).toEqual({ type: 'end' })
    expect(messages).toEqual(['Hel', 'lo', 'world', 'end'])
  })

  it('gives the page turns while it decodes a burst that arrived as one huge read', async () => {
    // 40,000 frames (≈ 2 MB, with multi-byte characters) in a single chunk, as a buffered burst
    // reaches `fetch`.
    const count = 40_000
    const body = new TextEncoder().encode(
      Array.from({ length: count }, (_, index) => `data: {"n":${index},"t":"ø😀"}\n\n`).join(''),
    )
    const response = new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(body)
          controller.close()
        },
      }),
      { headers: { 'content-type': 'text/event-stream' } },
    )
    const received: string[] = []
    let receivedWhenTimerRan: number | undefined
    // Decoding 2 MB takes 10–40 ms depending on the machine, around the yield budget: a clock that
    // moves 5 ms each time it is read makes "after a frame of work" the same everywhere.
    let clock = 0
    const now = vi.spyOn(Date, 'now').mockImplementation(() => (clock += 5))
    onTestFinished(() => now.mockRestore())
    const outcome = await streamSse({
      request: { url: 'http://127.0.0.1/burst' },
      signal: new AbortController().signal,
      fetch: async () => response,
      onOpen: () => {
        setTimeout(() => {
          receivedWhenTimerRan = received.length
        }, 0)
      },
      onMessage: (message) => received.push(message.data),
    })
    expect(outcome).toEqual({ type: 'end', cutInsideFrame: false })
    expect(received).toHaveLength(count)
    expect(received.at(-1)).toBe(`{"n":${count - 1},"t":"ø😀"}`)
    // A timer set when the response opened ran while the frames were still being decoded.
    expect(receivedWhenTimerRan).toBeGreaterThan(0)
    expect(receivedWhenTimerRan).toBeLessThan(count)
  })

  it('turns an HTTP error into a typed error with status and body', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' })
      response.end('{"error":"database down"}')
    })
    const outcome = await streamSse({
      request: { url: server.url },
      signal: new AbortController().signal,
      onMessage: () => {},
    })
    expect(outcome).toMatchObject({
      type: 'error',
      error: { kind: 'http', status: 500, body: '{"error":"database down"}' },
    })
    expect(outcome.type === 'error' && outcome.error.message).toContain('500')
  })

  it.each([
    ['a login page', 'text/html; charset=utf-8', '<!doctype html><title>Sign in</title>', 'Sign in'],
    [
      'a JSON error with status 200',
      'application/json',
      '{"error":{"message":"Invalid API key"}}',
      'Invalid API key',
    ],
    ['an empty 200', undefined, '', 'no content type, not an event stream.'],
  ])('reports %s as an HTTP error, not a finished stream', async (_name, type, body, said) => {
    server = await startServer((_request, response) => {
      response.writeHead(200, type ? { 'content-type': type } : {})
      response.end(body)
    })
    const outcome = await streamSse({
      request: { url: server.url },
      signal: new AbortController().signal,
      onMessage: () => {},
    })
    expect(outcome).toMatchObject({ type: 'error', error: { kind: 'http', status: 200, body } })
    expect(outcome.type === 'error' && outcome.error.message).toContain(said)
  })

  it('reads SSE that a server labels text/plain', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' })
      response.end('data: hi\n\n')
    })
    const messages: string[] = []
    const outcome = await streamSse({
      request: { url: server.url },
      signal: new AbortController().signal,
      onMessage: (message) => messages.push(message.data),
    })
    expect(outcome).toEqual({ type: 'end', cutInsideFrame: false })
    expect(messages).toEqual(['hi'])
  })

  it('says the endpoint could not be reached, with its URL', async () => {
    server = await startServer(() => {})
    const url = server.url
    await server.close()
    server = undefined
    const outcome = await streamSse({
      request: { url },
      signal: new AbortController().signal,
      onMessage: () => {},
    })
    expect(outcome).toMatchObject({ type: 'error', error: { kind: 'network' } })
    expect(outcome.type === 'error' && outcome.error.message).toContain(url)
  })

  it('reports a cut connection without ids as a network error, keeping what arrived', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.write('data: first\n\n')
      setTimeout(() => response.socket?.destroy(), 20)
    })
    const messages: string[] = []
    const outcome = await streamSse({
      request: { url: server.url },
      signal: new AbortController().signal,
      onMessage: (message) => messages.push(message.data),
    })
    expect(messages).toEqual(['first'])
    expect(outcome).toMatchObject({ type: 'error', error: { kind: 'network' } })
  })

  it('gives up after the idle timeout', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.write('data: hello\n\n')
    })
    const outcome = await streamSse({
      request: { url: server.url },
      signal: new AbortController().signal,
      idleTimeout: 100,
      onMessage: () => {},
    })
    expect(outcome).toMatchObject({ type: 'error', error: { kind: 'timeout' } })
  })

  it('stops at once on abort, as "aborted", not as an error', async () => {
    let closed = false
    server = await startServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.write('data: one\n\n')
      request.on('close', () => {
        closed = true
      })
    })
    const controller = new AbortController()
    const outcome = streamSse({
      request: { url: server.url },
      signal: controller.signal,
      onMessage: () => controller.abort(),
    })
    await expect(outcome).resolves.toEqual({ type: 'aborted' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(closed).toBe(true)
  })
})
