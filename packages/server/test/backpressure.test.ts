import type { ServerResponse } from 'node:http'
import { connect, type Socket } from 'node:net'
import { summarize } from '@agentstream/core/summary'
import { afterEach, describe, expect, it } from 'vitest'
import { createAgentHandler, createMemoryEventStore, type DisconnectReason, type RunOutcome } from '../src'
import type { Script } from '../src/testing'
import { client, listen, makeAgents, type TestServer, webToNode } from './helpers'

const servers: TestServer[] = []
const sockets: Socket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

/** One long answer: `count` deltas of ~`size` characters (each becomes two SDK events of ~2.5 KB). */
function longAnswer(count: number, size: number): { script: Script; text: string } {
  const deltas = Array.from(
    { length: count },
    (_, index) => `${String(index).padStart(6, '0')} ${'x'.repeat(size)} `,
  )
  return { script: [{ items: [{ type: 'message', text: deltas }] }], text: deltas.join('') }
}

/** A client that sends the request, reads `readBytes`, then stops reading (the socket stays open). */
function stallingClient(url: string, readBytes: number) {
  const { hostname, port } = new URL(url)
  const body = JSON.stringify({ input: 'Tell me everything.' })
  const socket = connect(Number(port), hostname)
  sockets.push(socket)
  let received = 0
  let runId: string | undefined
  let head = ''
  const paused = new Promise<number>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (!runId) {
        head += chunk.toString('latin1')
        runId = /x-agentstream-run-id: (\S+)/i.exec(head)?.[1]
      }
      if (received >= readBytes) {
        socket.pause()
        resolve(Date.now())
      }
    })
  })
  socket.write(
    `POST /api/agent HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
  return { socket, paused, received: () => received, runId: () => runId }
}

type Mount = 'node' | 'web'

async function serve(
  script: Script,
  mount: Mount,
  options: { onDisconnect: 'cancel' | 'keep'; stallTimeout: number },
) {
  const agents = makeAgents(script, { delay: 1 })
  const outcomes: RunOutcome[] = []
  const gone: { reason: DisconnectReason; at: number }[] = []
  const store = createMemoryEventStore()
  const handler = createAgentHandler({
    agent: agents.assistant,
    store,
    keepAliveInterval: 0,
    highWaterMark: 16 * 1024,
    resumeWindow: 60_000,
    onRunFinish: (outcome) => outcomes.push(outcome),
    onClientGone: (reason) => gone.push({ reason, at: Date.now() }),
    ...options,
  })
  const buffered = { max: 0, written: 0, lastRefusedAt: 0 }
  const web = webToNode(handler)
  const server = await listen((req, res: ServerResponse) => {
    const write = res.write.bind(res) as (...args: unknown[]) => boolean
    res.write = ((...args: unknown[]) => {
      const ok = write(...args)
      buffered.written += Buffer.byteLength(args[0] as string | Uint8Array)
      if (!ok) buffered.lastRefusedAt = Date.now()
      buffered.max = Math.max(buffered.max, res.writableLength)
      return ok
    }) as typeof res.write
    return mount === 'node' ? handler.node(req, res) : web(req, res)
  })
  servers.push(server)
  return { url: `${server.url}/api/agent`, outcomes, gone, buffered, model: agents.model, store }
}

const waitFor = async (check: () => boolean, timeout = 10_000) => {
  const deadline = Date.now() + timeout
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe.each<Mount>(['node', 'web'])('a client that stops reading (%s)', (mount) => {
  it('is dropped after stallTimeout and its run cancelled; the server never buffers more than ~HWM', async () => {
    const { script } = longAnswer(3000, 500)
    const served = await serve(script, mount, { onDisconnect: 'cancel', stallTimeout: 300 })
    const reader = stallingClient(served.url, 64 * 1024)
    const pausedAt = await reader.paused
    await waitFor(() => served.outcomes.length > 0)
    expect(served.gone[0]?.reason).toBe('stalled')
    const droppedAfter = served.gone[0]!.at - pausedAt
    // The kernel's socket buffers absorb a few MB first; the timer starts when `write` refuses more.
    const stalledFor = served.gone[0]!.at - served.buffered.lastRefusedAt
    expect(stalledFor).toBeGreaterThanOrEqual(290)
    expect(stalledFor).toBeLessThan(1_000)
    expect(droppedAfter).toBeLessThan(8_000)
    expect(served.outcomes[0]).toMatchObject({ status: 'stopped', reason: 'stalled' })
    // Node's writable buffer stays near its highWaterMark (16 KiB) plus one frame.
    expect(served.buffered.max).toBeLessThan(64 * 1024)
    console.log(
      `[${mount}] stalled client dropped ${droppedAfter} ms after it stopped reading ` +
        `(${stalledFor} ms after the last refused write); it read ${reader.received()} bytes, ` +
        `the server wrote ${served.buffered.written} (the rest sat in kernel buffers); ` +
        `max res.writableLength ${served.buffered.max} bytes; model requests ${served.model.requests.length}`,
    )
  })

  it('with onDisconnect "keep" the run goes on and another client resumes it in full', async () => {
    const { script, text } = longAnswer(1500, 500)
    const served = await serve(script, mount, { onDisconnect: 'keep', stallTimeout: 300 })
    const reader = stallingClient(served.url, 64 * 1024)
    await reader.paused
    await waitFor(() => served.gone.length > 0)
    expect(served.gone[0]?.reason).toBe('stalled')
    await waitFor(() => served.outcomes.length > 0)
    expect(served.outcomes[0]).toMatchObject({ status: 'done' })
    const runId = reader.runId()!
    const late = client(served.url)
    await late.resume({ lastEventId: `${runId}:0` })
    const summary = summarize(late.getState())
    expect(summary.status).toBe('done')
    expect(summary.messages[0]?.text).toBe(text)
  })
})
