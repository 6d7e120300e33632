import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decodeBody } from '@agentstream/core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { renderRun, runWatch } from '../src/index'
import { captureIo, hasAnsi, tempFile } from './helpers'
import { agUiBody, aiSdkBody, aiSdkTruncatedBody, largeAiSdkBody } from './samples'

const frames = (body: string) => body.split(/(?<=\n\n)/)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface SeenRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

let server: Server
let base: string
let unreachable: string
const requests: SeenRequest[] = []

beforeAll(async () => {
  server = createServer(async (request, response) => {
    let body = ''
    for await (const chunk of request) body += chunk
    requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body })
    const url = request.url ?? '/'
    // Accepts and never answers.
    if (url === '/silent') return
    if (url === '/500') {
      response.writeHead(500, { 'content-type': 'application/json' })
      response.end('{"error":"upstream model overloaded"}')
      return
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      ...(url === '/agui' ? {} : { 'x-vercel-ai-ui-message-stream': 'v1' }),
    })
    if (url === '/forever') {
      response.write('data: {"type":"start"}\n\ndata: {"type":"text-start","id":"t"}\n\n')
      for (let index = 0; !response.destroyed && index < 2000; index++) {
        response.write(`data: {"type":"text-delta","id":"t","delta":"word${index} "}\n\n`)
        await sleep(10)
      }
      response.end()
      return
    }
    const body$ = url === '/agui' ? agUiBody : url === '/cut' ? aiSdkTruncatedBody : aiSdkBody
    for (const frame of frames(body$)) {
      if (response.destroyed) return
      response.write(frame)
      await sleep(5)
    }
    response.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // A port nothing listens on.
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  unreachable = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/agent`
  await new Promise((resolve) => probe.close(resolve))
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('agentstream watch URL', () => {
  it('shows the streamed text, the tool call and the final status', async () => {
    const { io, stdout, stderr } = captureIo()
    expect(await runWatch([`${base}/stream`], io)).toBe(0)
    const text = stdout()
    expect(text).toContain('It is 3 °C in Oslo — bring a coat.')
    expect(text).toContain('getWeather')
    expect(text).toContain('{"city":"Oslo"}')
    expect(text).toContain('done')
    expect(text).toContain('ai-sdk')
    expect(hasAnsi(text)).toBe(false)
    expect(stderr()).toBe('')
  })

  it('shows agents and handoffs', async () => {
    const { io, stdout } = captureIo()
    expect(await runWatch([`${base}/agui`], io)).toBe(0)
    expect(stdout()).toContain('Triage → Weather Agent')
    expect(stdout()).toMatch(/Weather Agent\n {2}Cloudy and 3 °C in Oslo\./)
  })

  it('sends --body as is, with --header and --method', async () => {
    const body = '{"messages":[{"role":"user","content":"Oslo?"}],"custom":true}'
    const { io } = captureIo()
    const argv = [`${base}/stream`, '--body', body, '-H', 'x-api-key: secret', '--header', 'X-Trace:abc']
    expect(await runWatch(argv, io)).toBe(0)
    const seen = requests.at(-1)!
    expect(seen.method).toBe('POST')
    expect(seen.body).toBe(body)
    expect(seen.headers['x-api-key']).toBe('secret')
    expect(seen.headers['x-trace']).toBe('abc')
    expect(seen.headers['content-type']).toBe('application/json')

    expect(await runWatch([`${base}/stream`, '--method', 'put', '--body', '[]'], captureIo().io)).toBe(0)
    expect(requests.at(-1)).toMatchObject({ method: 'PUT', body: '[]' })
    expect(await runWatch([`${base}/stream`], captureIo().io)).toBe(0)
    expect(requests.at(-1)).toMatchObject({ method: 'GET', body: '' })
  })

  it('an HTTP 500 exits 1 and shows the status and the body', async () => {
    const { io, stdout } = captureIo()
    expect(await runWatch([`${base}/500`, '--input', 'hi'], io)).toBe(1)
    expect(stdout()).toContain('error')
    expect(stdout()).toContain('http 500')
    expect(stdout()).toContain('upstream model overloaded')
  })

  it('an unreachable URL says it could not reach it, with the URL', async () => {
    const { io, stdout } = captureIo()
    expect(await runWatch([unreachable], io)).toBe(1)
    expect(stdout()).toContain(`Could not reach ${unreachable}`)
    expect(stdout()).toContain('network')
  })

  it('gives up on a server that sends nothing, after --timeout, with a timeout error', async () => {
    const { io, stdout } = captureIo()
    expect(await runWatch([`${base}/silent`, '--timeout', '200', '--json'], io)).toBe(1)
    expect(JSON.parse(stdout())).toMatchObject({ status: 'error', errorKind: 'timeout' })
  })

  it('a stream cut before its end exits 1 and shows what arrived', async () => {
    const { io, stdout } = captureIo()
    expect(await runWatch([`${base}/cut`], io)).toBe(1)
    expect(stdout()).toContain('Half an ans')
    expect(stdout()).toContain('truncated')
  })

  it('Ctrl-C stops the stream, prints what arrived with status stopped, exit 130', async () => {
    const controller = new AbortController()
    const { io, stdout } = captureIo({ signal: controller.signal })
    const exit = runWatch([`${base}/forever`], io)
    await vi.waitFor(() => expect(requests.some((request) => request.url === '/forever')).toBe(true))
    await sleep(200)
    controller.abort()
    expect(await exit).toBe(130)
    expect(stdout()).toContain('stopped')
    expect(stdout()).toContain('word0 word1')
  })

  it('--raw prints every decoded event as one JSON line', async () => {
    const { io, stdout, stderr } = captureIo()
    expect(await runWatch([`${base}/stream`, '--raw'], io)).toBe(0)
    const events = stdout()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
    const types = events.map((event) => event.type)
    expect(types).toContain('tool-call-start')
    expect(types).toContain('run-finish')
    expect(
      events
        .filter((event) => event.type === 'text-delta')
        .map((event) => event.delta)
        .join(''),
    ).toBe('It is 3 °C in Oslo — bring a coat.')
    expect(stderr()).toContain('done')
  })

  it('--json prints the run summary at the end', async () => {
    const { io, stdout } = captureIo()
    expect(await runWatch([`${base}/stream`, '--json'], io)).toBe(0)
    expect(JSON.parse(stdout())).toMatchObject({
      protocol: 'ai-sdk',
      status: 'done',
      messages: [{ text: 'It is 3 °C in Oslo — bring a coat.' }],
      toolCalls: [{ name: 'getWeather', status: 'done' }],
    })
  })

  it('updates a live region on a terminal and leaves the final view', async () => {
    const { io, stdout } = captureIo({ tty: true })
    expect(await runWatch([`${base}/stream`], io)).toBe(0)
    const text = stdout()
    expect(text).toContain('It is 3 °C in Oslo — bring a coat.')
    expect(text).toContain('✓ done')
    expect(hasAnsi(text)).toBe(true)
  })

  it('prints no live region when CI is set, even on a terminal', async () => {
    const { io, stdout } = captureIo({ tty: true, env: { CI: 'true', NO_COLOR: '1' } })
    expect(await runWatch([`${base}/stream`], io)).toBe(0)
    expect(hasAnsi(stdout())).toBe(false)
    expect(stdout().match(/✓ done/g)).toHaveLength(1)
  })
})

describe('agentstream watch FILE', () => {
  it('replays a recording, paced', async () => {
    const file = tempFile('watch-agui.sse', agUiBody)
    const { io, stdout } = captureIo()
    const started = Date.now()
    expect(await runWatch([file, '--pace', '20'], io)).toBe(0)
    expect(Date.now() - started).toBeGreaterThanOrEqual(200)
    expect(stdout()).toContain('Triage → Weather Agent')
    expect(stdout()).toContain('get_weather')
    expect(stdout()).toContain('done')
  })

  it('Ctrl-C during a paced replay stops it, exit 130', async () => {
    const file = tempFile('watch-slow.sse', agUiBody)
    const controller = new AbortController()
    const { io, stdout } = captureIo({ signal: controller.signal })
    const exit = runWatch([file, '--pace', '100'], io)
    await sleep(350)
    controller.abort()
    expect(await exit).toBe(130)
    expect(stdout()).toContain('stopped')
    expect(stdout()).toContain('Let me ask the weather agent.')
    expect(stdout()).not.toContain('Cloudy and 3 °C in Oslo.')
  })

  it('--pace 0 replays as fast as possible', async () => {
    const file = tempFile('watch-fast.sse', aiSdkBody)
    const { io, stdout } = captureIo()
    expect(await runWatch([file, '--pace', '0', '--json'], io)).toBe(0)
    expect(JSON.parse(stdout()).messages[0].text).toBe('It is 3 °C in Oslo — bring a coat.')
  })

  it('a missing file or wrong arguments exit 2 with a message', async () => {
    const file = tempFile('watch-args.sse', aiSdkBody)
    const cases: [string[], string][] = [
      [['/no/such/file.sse'], 'Cannot read /no/such/file.sse'],
      [[], 'needs a URL or a FILE'],
      [[`${base}/stream`, '--body', '{nope'], '--body is not valid JSON'],
      [[`${base}/stream`, '--header', 'no-colon'], '--header must look like'],
      [[file, '--pace', 'fast'], '--pace must be a number'],
      [[`${base}/stream`, '--timeout', 'soon'], '--timeout must be a number'],
      [[file, '--timeout', '100'], '--timeout applies to a URL'],
      [[file, '--raw', '--json'], 'cannot be used together'],
      [['ftp://example.com/x'], 'Cannot watch ftp://'],
      [[file, '--protocol', 'carrier-pigeon'], 'Unknown protocol'],
    ]
    for (const [argv, message] of cases) {
      const { io, stdout, stderr } = captureIo()
      expect(await runWatch(argv, io), argv.join(' ')).toBe(2)
      expect(stderr()).toContain(message)
      expect(stdout()).toBe('')
    }
  })
})

describe('the live view', () => {
  it('fits a long run into the terminal, showing its latest text', () => {
    const state = decodeBody(largeAiSdkBody(20_000))
    const frame = renderRun(
      { state, elapsed: 1500, events: 20_004, deltas: 20_000 },
      { viewport: { columns: 60, rows: 12 } },
    )
    const rows = frame.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / 60)), 0)
    expect(rows).toBeLessThan(12)
    expect(frame).toContain('token 999 ok ')
    expect(frame).toContain('20,000 deltas')
  })
})
