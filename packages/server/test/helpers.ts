import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { type AddressInfo, createServer as createNetServer } from 'node:net'
import { createAgentStream } from '@agentstream/core'
import { type RunSummary, summarize } from '@agentstream/core/summary'
import { Agent, setTracingDisabled, tool } from '@openai/agents'
import { Redis } from 'ioredis'
import { z } from 'zod'
import { createScriptedModel, type Script } from '../src/testing'

setTracingDisabled(true)

export interface TestServer {
  url: string
  server: Server
  close(): Promise<void>
}

/** A node:http server on 127.0.0.1 with a random port. */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error) => {
      if (!res.headersSent) res.writeHead(500)
      res.end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * Serves a Web `(Request) => Response` handler from node:http the way @hono/node-server does:
 * the request's signal aborts when the client goes away; the body is written with backpressure.
 */
export function webToNode(fetchHandler: (request: Request) => Promise<Response>) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const controller = new AbortController()
    let finished = false
    res.on('close', () => {
      if (!finished) controller.abort()
    })
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers = new Headers()
    for (const [key, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(key, value)
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method!,
      headers,
      ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
      signal: controller.signal,
    })
    const response = await fetchHandler(request)
    const outHeaders: Record<string, string> = {}
    response.headers.forEach((value, key) => {
      outHeaders[key] = value
    })
    res.writeHead(response.status, outHeaders)
    if (!response.body) {
      finished = true
      res.end()
      return
    }
    const reader = response.body.getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        if (!res.write(value)) {
          const ok = await new Promise<boolean>((resolve) => {
            const onDrain = () => {
              res.off('close', onClose)
              resolve(true)
            }
            const onClose = () => {
              res.off('drain', onDrain)
              resolve(false)
            }
            res.once('drain', onDrain)
            res.once('close', onClose)
          })
          if (!ok) {
            await reader.cancel().catch(() => {})
            return
          }
        }
      }
      finished = true
      res.end()
    } catch {
      res.destroy()
    }
  }
}

/**
 * A proxy in front of `upstream` that cuts every connection abruptly after `k` complete data
 * frames (plus half of the next one), so the client has to reconnect with Last-Event-ID.
 */
export async function cutProxy(
  upstream: string,
  k: number,
): Promise<
  TestServer & { stats: { cuts: number; requests: { method: string; lastEventId: string | null }[] } }
> {
  const stats = { cuts: 0, requests: [] as { method: string; lastEventId: string | null }[] }
  const proxy = await listen(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers: Record<string, string> = {}
    for (const [key, value] of Object.entries(req.headers))
      if (typeof value === 'string' && key !== 'host' && key !== 'content-length') headers[key] = value
    stats.requests.push({ method: req.method!, lastEventId: headers['last-event-id'] ?? null })
    const abort = new AbortController()
    const response = await fetch(upstream + req.url, {
      method: req.method!,
      headers,
      ...(req.method !== 'GET' ? { body: Buffer.concat(chunks) } : {}),
      signal: abort.signal,
    })
    const outHeaders: Record<string, string> = {}
    response.headers.forEach((value, key) => {
      outHeaders[key] = value
    })
    res.writeHead(response.status, outHeaders)
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let pending = ''
    let frames = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      pending += decoder.decode(value, { stream: true })
      let boundary = pending.indexOf('\n\n')
      while (boundary >= 0) {
        const frame = pending.slice(0, boundary + 2)
        pending = pending.slice(boundary + 2)
        res.write(frame)
        if (frame.includes('data:')) frames++
        if (frames >= k) {
          // Half of the next frame, then an abrupt close.
          const next = pending.indexOf('\n\n')
          if (next > 0) res.write(pending.slice(0, Math.ceil(next / 2)))
          stats.cuts++
          abort.abort()
          await new Promise((resolve) => setTimeout(resolve, 1))
          res.socket?.destroy()
          return
        }
        boundary = pending.indexOf('\n\n')
      }
    }
    res.end(pending)
  })
  return Object.assign(proxy, { stats })
}

/** Reads an endpoint the way an app does: @agentstream/core's store. */
export function client(url: string, extra: Parameters<typeof createAgentStream>[0] = {}) {
  return createAgentStream({
    url,
    protocol: 'auto',
    batch: 'sync',
    reconnect: { maxAttempts: 5, initialDelay: 2, maxDelay: 20 },
    ...extra,
  })
}

export async function send(url: string, input: string): Promise<RunSummary> {
  const store = client(url)
  await store.send(input)
  return summarize(store.getState())
}

// ── Agents ───────────────────────────────────────────────────────────────────────────────────────

export const WEATHER: Record<string, string> = { Oslo: '4 °C and cloudy', Paris: '21 °C and sunny' }

export function makeAgents(script: Script, modelOptions: { delay?: number } = {}) {
  const model = createScriptedModel(script, modelOptions)
  const getWeather = tool({
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }) => WEATHER[city] ?? 'unknown',
  })
  const issueRefund = tool({
    name: 'issue_refund',
    description: 'Refund an order. Needs human approval.',
    parameters: z.object({ orderId: z.string(), amount: z.number() }),
    needsApproval: true,
    execute: async ({ orderId, amount }) => `Refunded $${amount.toFixed(2)} on order ${orderId}`,
  })
  const weatherAgent = new Agent({
    name: 'Weather Agent',
    handoffDescription: 'Answers weather questions.',
    instructions: 'Answer weather questions with get_weather.',
    model,
    tools: [getWeather],
  })
  const assistant = new Agent({
    name: 'Assistant',
    instructions: 'You are helpful.',
    model,
    tools: [getWeather, issueRefund],
    handoffs: [weatherAgent],
  })
  return { model, assistant, weatherAgent }
}

/** A script that exercises text, reasoning, two tool calls, a handoff and a long answer. */
export function richScript(longWords = 60): Script {
  const long = Array.from({ length: longWords }, (_, index) => `word${index}👋 `)
  return [
    {
      items: [
        { type: 'reasoning', summary: 'The user wants weather; hand off.' },
        { type: 'message', text: 'Let me get the weather agent — one moment…' },
        { type: 'handoff', to: 'Weather Agent' },
      ],
    },
    {
      items: [
        { type: 'function_call', name: 'get_weather', arguments: { city: 'Oslo' } },
        { type: 'function_call', name: 'get_weather', arguments: { city: 'Paris' } },
      ],
    },
    { items: [{ type: 'message', text: ['Oslo: 4 °C, Paris: 21 °C. ', ...long] }] },
  ]
}

// ── Redis ────────────────────────────────────────────────────────────────────────────────────────

export const redisServerPath = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server'
export const hasRedis = existsSync(redisServerPath)
export const redisSkipReason = `redis-server not found at ${redisServerPath} (set REDIS_SERVER_PATH); Redis tests skipped`

async function freePort(): Promise<number> {
  const server = createNetServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export interface RedisServer {
  url: string
  stop(): Promise<void>
}

/** Starts a throwaway redis-server on a free port (no persistence). */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort()
  const child: ChildProcess = spawn(
    redisServerPath,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += chunk
  })
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const url = `redis://127.0.0.1:${port}`
  const deadline = Date.now() + 10_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited: ${output}`)
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    probe.on('error', () => {})
    try {
      await probe.connect()
      if ((await probe.ping()) === 'PONG') {
        probe.disconnect()
        break
      }
    } catch {
      probe.disconnect()
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`redis-server did not start: ${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
