import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type WebSocket as ServerSocket, WebSocket, WebSocketServer } from 'ws'
import { type AgentStreamOptions, createAgentStream } from '../src/store'
import { summarize } from '../src/summary'
import { streamWebSocket } from '../src/transport-websocket'

const fixtures = join(import.meta.dirname, '../src/protocols/__fixtures__')

/** A recorded SSE body as the `data` of its frames: one WebSocket message each. */
function frames(name: string): string[] {
  return readFileSync(join(fixtures, `${name}.sse`), 'utf8')
    .split('\n\n')
    .map((frame) =>
      frame
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.replace(/^data: ?/, ''))
        .join('\n'),
    )
    .filter(Boolean)
}
const expected = (name: string) => JSON.parse(readFileSync(join(fixtures, `${name}.summary.json`), 'utf8'))

let server: { url: string; urls: string[]; close: () => Promise<void> } | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function serve(onConnection: (socket: ServerSocket) => void, verify?: (url: string) => boolean) {
  const http: Server = createServer()
  const urls: string[] = []
  const sockets = new WebSocketServer({
    server: http,
    verifyClient: (info: { req: { url?: string } }) => verify?.(info.req.url ?? '') ?? true,
  })
  sockets.on('connection', (socket, request) => {
    urls.push(request.url ?? '')
    onConnection(socket)
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/agent`
  server = {
    url,
    urls,
    close: async () => {
      for (const socket of sockets.clients) socket.terminate()
      await new Promise((resolve) => sockets.close(resolve))
      await new Promise((resolve) => http.close(resolve))
    },
  }
  return server
}

// Node 20 has no global WebSocket: the `ws` client stands in for the browser's.
const store = (url: string, options: AgentStreamOptions = {}) =>
  createAgentStream({
    url,
    batch: 'sync',
    transport: (transport) =>
      streamWebSocket({ ...transport, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket }),
    ...options,
  })

describe('streamWebSocket through the store', () => {
  it.each(['text', 'binary'])('reads a recorded run sent as %s messages', async (kind) => {
    const { url } = await serve((socket) => {
      for (const frame of frames('ai-sdk/tool-call'))
        socket.send(kind === 'text' ? frame : Buffer.from(frame))
      socket.close(1000)
    })
    const stream = store(url)
    await stream.send('Weather in Paris?')
    expect(summarize(stream.getState())).toEqual(expected('ai-sdk/tool-call'))
  })

  it('keeps what arrived and says the connection was lost when it closes abnormally', async () => {
    const { url } = await serve((socket) => {
      for (const frame of frames('ai-sdk/text').slice(0, 6)) socket.send(frame)
      setTimeout(() => socket.close(1011, 'upstream failed'), 10)
    })
    const stream = store(url)
    await stream.send('Hi')
    const state = stream.getState()
    expect(state).toMatchObject({ status: 'error', error: { kind: 'network' } })
    expect(state.error?.message).toContain('1011: upstream failed')
    expect(summarize(state).messages[0]?.text.length).toBeGreaterThan(0)
  })

  it('gives up after idleTimeout when the socket goes quiet, keeping the text', async () => {
    const { url } = await serve((socket) => {
      for (const frame of frames('ai-sdk/text').slice(0, 6)) socket.send(frame)
    })
    const stream = store(url, { idleTimeout: 100 })
    await stream.send('Hi')
    expect(stream.getState()).toMatchObject({ status: 'error', error: { kind: 'timeout' } })
    expect(summarize(stream.getState()).messages[0]?.text.length).toBeGreaterThan(0)
  })

  it('tells the server where to resume: lastEventId in the URL', async () => {
    const served = await serve((socket) => socket.close(1000))
    const stream = store(served.url, { protocol: 'openai-agents' })
    await stream.resume({ lastEventId: 'run_7:4' })
    expect(served.urls).toEqual(['/agent?lastEventId=run_7%3A4'])
  })

  it('refuses headers it cannot send, and says why an upgrade was refused', async () => {
    const { url } = await serve(
      (socket) => socket.close(1000),
      () => false,
    )
    const withHeaders = store(url, { headers: { authorization: 'Bearer secret' } })
    await withHeaders.send('Hi')
    expect(withHeaders.getState().error).toMatchObject({ kind: 'client' })
    expect(withHeaders.getState().error?.message).toContain('authorization')
    const refused = store(url)
    await refused.send('Hi')
    expect(refused.getState().error).toMatchObject({ kind: 'network' })
    expect(refused.getState().error?.message).toContain('401')
  })
})
