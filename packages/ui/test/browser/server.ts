import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { fixture } from '../fixtures'

const here = dirname(fileURLToPath(import.meta.url))
const packageRoot = join(here, '../..')

/** One scripted answer of `/api/agent`: a recorded fixture (or a body derived from one), paced. */
export interface ScriptedAnswer {
  /** A fixture name, `<protocol>/<name>`. */
  fixture?: string
  /** A body to send instead (derived from a fixture by the test). */
  body?: string
  headers?: Record<string, string>
  /** Milliseconds between writes (default 25). */
  pace?: number
  /** SSE frames per write (default 1). */
  framesPerWrite?: number
}

export interface TestServer {
  url: string
  /** Answers for the next POSTs to `/api/agent`, in order (the last one repeats). */
  script(answers: ScriptedAnswer[]): void
  /** Bodies of the POSTs received. */
  requests: unknown[]
  close(): Promise<void>
}

/** Bundles the test page with esbuild (workspace packages resolved to their sources). */
export async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [join(here, 'page/main.tsx')],
    absWorkingDir: packageRoot,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    conditions: ['source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', () => resolve(body))
    request.on('error', reject)
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Serves the page, its bundle, the stylesheet, and `/api/agent` streaming scripted fixtures as SSE. */
export async function startTestServer(): Promise<TestServer> {
  const app = await bundlePage()
  const html = readFileSync(join(here, 'page/index.html'), 'utf8')
  let answers: ScriptedAnswer[] = []
  let served = 0
  const requests: unknown[] = []

  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    if (request.method === 'GET' && path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
      return
    }
    if (request.method === 'GET' && path === '/app.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(app)
      return
    }
    if (request.method === 'GET' && path === '/styles.css') {
      // Read on every request, so the stylesheet under test is the one on disk.
      const css = readFileSync(join(packageRoot, 'src/styles.css'), 'utf8')
      response.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(css)
      return
    }
    if (request.method === 'POST' && path === '/api/agent') {
      const raw = await readBody(request)
      try {
        requests.push(JSON.parse(raw))
      } catch {
        requests.push(raw)
      }
      const answer = answers[Math.min(served, answers.length - 1)]
      served++
      if (!answer) {
        response.writeHead(500, { 'content-type': 'text/plain' }).end('No scripted answer')
        return
      }
      const recorded = answer.fixture ? fixture(answer.fixture) : undefined
      const body = answer.body ?? recorded?.body ?? ''
      const headers = { ...recorded?.headers, ...answer.headers, 'cache-control': 'no-cache' }
      let closed = false
      response.on('close', () => {
        closed = true
      })
      response.writeHead(200, headers)
      response.flushHeaders()
      const frames = body.split(/(?<=\n\n)/)
      const perWrite = answer.framesPerWrite ?? 1
      for (let index = 0; index < frames.length && !closed; index += perWrite) {
        response.write(frames.slice(index, index + perWrite).join(''))
        await sleep(answer.pace ?? 25)
      }
      response.end()
      return
    }
    if (path === '/favicon.ico') {
      response.writeHead(204).end()
      return
    }
    response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    script(next) {
      answers = next
      served = 0
    },
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
