/**
 * The demo's embedded endpoints, as one connect middleware (Vite's dev and preview servers):
 *
 * - `GET  /api/info`: `{ model: 'scripted' | 'openai', modelName, prompts }`
 * - `POST /api/agent`: the agents, as SSE (`@agentstream/server`'s `createAgentHandler`):
 *   `{ input, history }`, approvals `{ runId, approvals }`, stop `{ runId, stop: true }`, resume with `Last-Event-ID`
 * - `GET  /api/fixtures`: every recorded fixture of every protocol
 * - `GET|POST /api/fixtures/<protocol>/<name>?pace=ms`: a fixture's bytes, one frame every `pace` ms,
 *   with its recorded headers
 * - `GET /api/recordings`, `GET|POST /api/recordings/<protocol>/<name>`: the same for streams recorded
 *   from the demo's own agents (`recordings/`, made by `scripts/record.ts`)
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createAgentHandler, createMemoryEventStore } from '@agentstream/server'
import { createScriptedModel } from '@agentstream/server/testing'
import { RunState, run, setTracingDisabled } from '@openai/agents'
import { createAgents } from './agents'
import { FIXTURES_DIR, listFixtures, RECORDINGS_DIR, readFixture, splitFrames } from './fixtures'
import { createDemoScript, SUGGESTED_PROMPTS } from './script'

export type ModelKind = 'scripted' | 'openai'

export interface DemoApiOptions {
  /** Default: `openai` when `OPENAI_API_KEY` is set (and `DEMO_MODEL` is not `scripted`). */
  model?: ModelKind
  /** The OpenAI model name. Default `OPENAI_MODEL` or `gpt-4.1-mini`. */
  openaiModel?: string
  /** Scripted model: ms per streamed token (a [min, max] range by default: 15–30). */
  tokenDelay?: number | readonly [number, number]
  /** Scripted model: ms before it starts answering. Default 350. */
  thinkDelay?: number
  /** How long the demo's tools take, ms. Default 700. */
  toolDelay?: number
}

type Next = (error?: unknown) => void
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void

function envNumber(name: string): number | undefined {
  const value = process.env[name]
  return value !== undefined && value !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined
}

export function resolveModelKind(requested?: ModelKind): ModelKind {
  if (requested) return requested
  if (process.env.DEMO_MODEL === 'scripted' || process.env.DEMO_MODEL === 'openai')
    return process.env.DEMO_MODEL
  return process.env.OPENAI_API_KEY ? 'openai' : 'scripted'
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

const sleep = (milliseconds: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, milliseconds)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })

async function replayFixture(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: string,
  directory: string,
) {
  const [protocol, ...rest] = path.split('/').map(decodeURIComponent)
  const name = rest.join('/')
  const fixture = protocol && name ? await readFixture(protocol, name, directory) : undefined
  if (!fixture) return sendJson(res, 404, { error: { name: 'NotFound', message: `No fixture ${path}.` } })
  const paceParam = url.searchParams.get('pace')
  const pace = Math.min(5_000, Math.max(0, paceParam === null ? 20 : Number(paceParam) || 0))
  // Drain a request body (the Connect page POSTs one); it does not change the replay.
  for await (const _chunk of req) {
  }
  res.writeHead(200, {
    ...fixture.headers,
    'cache-control': 'no-cache',
    'x-agentstream-fixture': `${protocol}/${name}`,
    'access-control-allow-origin': '*',
    'access-control-expose-headers': '*',
  })
  res.flushHeaders()
  if (pace === 0) {
    res.end(fixture.body)
    return
  }
  const closed = new AbortController()
  res.on('close', () => closed.abort())
  for (const chunk of splitFrames(fixture.body)) {
    if (closed.signal.aborted) return
    res.write(chunk)
    await sleep(pace, closed.signal)
  }
  res.end()
}

/** Builds the middleware. Everything outside `/api/` goes to `next()`. */
export function createDemoApi(options: DemoApiOptions = {}): { middleware: Middleware; model: ModelKind } {
  const model = resolveModelKind(options.model)
  const openaiModel = options.openaiModel ?? process.env.OPENAI_MODEL ?? 'gpt-4.1-mini'
  if (model === 'scripted') setTracingDisabled(true)
  const agent = createAgents(
    model === 'openai'
      ? openaiModel
      : createScriptedModel(
          createDemoScript({
            tokenDelay: options.tokenDelay ?? envNumber('DEMO_TOKEN_DELAY') ?? [15, 30],
            thinkDelay: options.thinkDelay ?? envNumber('DEMO_THINK_DELAY') ?? 350,
          }),
          { model: 'scripted-demo' },
        ),
    { tool: options.toolDelay ?? envNumber('DEMO_TOOL_DELAY') ?? 700 },
  )
  const handler = createAgentHandler({
    agent,
    sdk: { run, RunState },
    store: createMemoryEventStore(),
    runOptions: { maxTurns: 12 },
    keepAliveInterval: 10_000,
    // A dropped connection keeps the run for a while so `Last-Event-ID` can resume it; the Chat page
    // sends `{ runId, stop: true }` when the user presses Stop.
    resumeWindow: 20_000,
  })
  const info = {
    model,
    modelName: model === 'openai' ? openaiModel : 'scripted-demo',
    prompts: SUGGESTED_PROMPTS,
  }

  const middleware: Middleware = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const path = url.pathname
    if (!path.startsWith('/api/')) return next()
    const method = (req.method ?? 'GET').toUpperCase()
    const fail = (error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, {
          error: { name: 'ServerError', message: error instanceof Error ? error.message : String(error) },
        })
      else res.destroy()
    }
    try {
      if (path === '/api/info') return sendJson(res, 200, info)
      if (path === '/api/agent') return void handler.node(req, res).catch(fail)
      const source = ['fixtures', 'recordings'].find(
        (name) => path === `/api/${name}` || path.startsWith(`/api/${name}/`),
      )
      if (source) {
        const directory = source === 'fixtures' ? FIXTURES_DIR : RECORDINGS_DIR
        const rest = path.slice(`/api/${source}/`.length)
        if (!rest) {
          if (method !== 'GET')
            return sendJson(res, 405, { error: { name: 'MethodNotAllowed', message: 'GET only.' } })
          return void listFixtures(directory, `/api/${source}`).then(
            (fixtures) => sendJson(res, 200, fixtures),
            fail,
          )
        }
        if (method === 'OPTIONS') {
          res.writeHead(204, {
            'access-control-allow-origin': '*',
            'access-control-allow-methods': 'GET, POST',
            'access-control-allow-headers': '*',
          })
          return res.end()
        }
        if (method !== 'GET' && method !== 'POST')
          return sendJson(res, 405, { error: { name: 'MethodNotAllowed', message: 'GET or POST.' } })
        return void replayFixture(req, res, url, rest, directory).catch(fail)
      }
      sendJson(res, 404, { error: { name: 'NotFound', message: `No endpoint ${path}.` } })
    } catch (error) {
      fail(error)
    }
  }
  return { middleware, model }
}
