/**
 * The Connect page in Chromium: a local SSE server of each of the six protocols (the demo's paced
 * fixture replays), broken streams, an unreachable endpoint, a custom node:http endpoint with
 * headers and a templated body, and the event inspector (filters, run summary, recording).
 */
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserSuite,
  type Demo,
  launchBrowser,
  openPage,
  readFixtureBytes,
  readSummary,
  SKIP_BROWSER,
  screenshot,
  seen,
  startDemo,
} from './helpers'

const PROTOCOL_PRESETS = [
  { button: 'OpenAI Agents SDK', fixture: 'openai-agents/handoff' },
  { button: 'OpenAI Responses', fixture: 'openai-responses/reasoning' },
  { button: 'Chat Completions', fixture: 'openai-chat/parallel-tools' },
  { button: 'Vercel AI SDK', fixture: 'ai-sdk/tool-call' },
  { button: 'AG-UI', fixture: 'ag-ui/handoff' },
  { button: 'Plain text', fixture: 'text/multi-line' },
]

/** Text as the page shows it: Markdown list markers gone, whitespace collapsed. */
const squash = (text: string) =>
  text
    .replace(/^\s*[-*] /gm, '')
    .replace(/\s+/g, ' ')
    .trim()

describe.skipIf(SKIP_BROWSER)(browserSuite('Connect page (Chromium)'), () => {
  let demo: Demo
  let browser: Browser
  let custom: Server
  let customUrl = ''
  const received: { method?: string; headers: IncomingMessage['headers']; body: string }[] = []

  beforeAll(async () => {
    // A third-party SSE endpoint on another origin: plain text frames, CORS allowed.
    custom = createServer((req, res) => {
      const cors = {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'content-type, x-api-key, last-event-id',
        'access-control-allow-methods': 'POST, GET',
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors)
        res.end()
        return
      }
      let body = ''
      req.on('data', (chunk) => {
        body += chunk
      })
      req.on('end', () => {
        received.push({ method: req.method, headers: req.headers, body })
        res.writeHead(200, { ...cors, 'content-type': 'text/event-stream' })
        const message = (JSON.parse(body || '{}') as { prompt?: string }).prompt ?? '?'
        res.write(`data: You said: ${message}\n\n`)
        setTimeout(() => res.end('data:  — echoed by a plain node:http server.\n\n'), 50)
      })
    })
    await new Promise<void>((resolve) => custom.listen(0, '127.0.0.1', resolve))
    customUrl = `http://127.0.0.1:${(custom.address() as AddressInfo).port}/echo`
    ;[demo, browser] = await Promise.all([startDemo(), launchBrowser()])
  })
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
    await new Promise((resolve) => custom?.close(resolve))
  })

  const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation', exact: true })
  const chatStatus = (page: Page) => page.locator('.as-chat').first().getAttribute('data-status')
  const settled = (page: Page) =>
    expect.poll(() => chatStatus(page), { timeout: 30_000 }).toMatch(/^(done|error|interrupted|incomplete)$/)

  async function runSummary(page: Page) {
    await page.getByRole('button', { name: 'Run summary' }).click()
    const dialog = page.getByRole('dialog', { name: 'Run summary' })
    const summary = JSON.parse(await seen(dialog.getByTestId('run-summary')))
    await dialog.getByRole('button', { name: 'Close' }).click()
    return summary
  }

  async function send(page: Page, text: string) {
    const input = page.getByRole('textbox', { name: 'Message', exact: true })
    await input.fill(text)
    await input.press('Enter')
  }

  for (const preset of PROTOCOL_PRESETS) {
    it(`${preset.fixture.split('/')[0]}: detects the protocol and shows the recorded text`, async () => {
      const expected = await readSummary(preset.fixture)
      const page = await openPage(browser, `${demo.url}/#/connect`)
      await page.getByRole('button', { name: preset.button, exact: true }).click()
      expect(await page.getByLabel('Endpoint URL').inputValue()).toBe(
        `/api/fixtures/${preset.fixture}?pace=25`,
      )
      await send(page, 'Replay it')
      await settled(page)
      expect(await chatStatus(page)).toBe(expected.status)
      await page.getByText(`Detected: ${expected.protocol}`).waitFor()

      const summary = await runSummary(page)
      expect(summary.protocol).toBe(expected.protocol)
      expect(summary.messages.map((message: { text: string }) => message.text)).toEqual(
        expected.messages.map((message) => message.text),
      )
      expect(summary.toolCalls.map((call: { name: string }) => call.name)).toEqual(
        expected.toolCalls.map((call) => call.name),
      )
      const visible = squash(await seen(conversation(page)))
      for (const message of expected.messages) expect(visible).toContain(squash(message.text).slice(0, 30))
      for (const handoff of expected.handoffs)
        expect(await seen(page.getByRole('navigation', { name: 'Agents in this run' }))).toContain(handoff.to)
      await screenshot(page, `connect-${expected.protocol}`)
      expect(page.errors).toEqual([])
      await page.context().close()
    })
  }

  it('a stream that errors mid-answer: the error is shown and the partial text stays', async () => {
    const expected = await readSummary('openai-chat/error-mid-stream')
    const page = await openPage(browser, `${demo.url}/#/connect`)
    await page.getByRole('button', { name: 'Error mid-stream' }).click()
    await send(page, 'Say hi')
    const notice = page.locator('.as-error')
    await notice.waitFor({ timeout: 30_000 })
    expect(await chatStatus(page)).toBe('error')
    expect(await seen(notice)).toContain(expected.error!)
    expect(await seen(conversation(page))).toContain(expected.messages[0]!.text)
    await screenshot(page, 'connect-error-mid-stream')
    await page.context().close()
  })

  it('a truncated stream: “cut off”, and the text before the cut stays', async () => {
    const expected = await readSummary('openai-chat/broken/truncated')
    const page = await openPage(browser, `${demo.url}/#/connect`)
    await page.getByRole('button', { name: 'Truncated stream' }).click()
    await send(page, 'Say hi')
    const notice = page.locator('.as-error[data-kind="truncated"]')
    await notice.waitFor({ timeout: 30_000 })
    expect(await seen(notice)).toContain(expected.error!)
    expect(await seen(conversation(page))).toContain('Hi there')
    const summary = await runSummary(page)
    expect(summary).toMatchObject({
      status: 'error',
      errorKind: 'truncated',
      messages: [{ text: 'Hi there' }],
    })
    await page.context().close()
  })

  it('an unreachable endpoint is explained in words', async () => {
    const page = await openPage(browser, `${demo.url}/#/connect`)
    await page.getByRole('button', { name: 'Unreachable server' }).click()
    await page.getByRole('button', { name: /^Send “Hello\?”$/ }).click()
    const notice = page.locator('.as-error[data-kind="network"]')
    await notice.waitFor({ timeout: 30_000 })
    expect(await seen(notice)).toMatch(/Could not reach http:\/\/127\.0\.0\.1:39999\/v1\/stream .*\(CORS\)/s)
    const hint = page.getByRole('note').filter({ hasText: 'What to check' })
    expect(await seen(hint)).toContain('Access-Control-Allow-Origin')
    await screenshot(page, 'connect-unreachable')
    await page.context().close()
  })

  it('a custom endpoint: URL, headers, a {{message}} body and a chosen protocol', async () => {
    const page = await openPage(browser, `${demo.url}/#/connect`)
    await page.getByLabel('Endpoint URL').fill(customUrl)
    await page.getByLabel('Protocol', { exact: true }).selectOption('text')
    await page.getByText('Headers and body').click()
    await page.getByLabel(/^Headers/).fill('X-Api-Key: secret-123')
    await page.getByLabel(/^JSON body/).fill('{ "prompt": "{{message}}", "stream": true }')
    await send(page, 'Hello "quoted" world')
    await conversation(page)
      .getByText('You said: Hello "quoted" world — echoed by a plain node:http server.')
      .waitFor()
    await settled(page)
    await page.getByText('Using: text').waitFor()
    const request = received.find((entry) => entry.method === 'POST')!
    expect(JSON.parse(request.body)).toEqual({ prompt: 'Hello "quoted" world', stream: true })
    expect(request.headers['x-api-key']).toBe('secret-123')
    expect(request.headers.accept).toBe('text/event-stream')
    await page.context().close()
  })

  it('the inspector: raw frames and decoded events, filters, the summary, the recording', async () => {
    const page = await openPage(browser, `${demo.url}/#/connect`)
    await page.getByRole('button', { name: 'Vercel AI SDK' }).click()
    await send(page, 'Weather in Paris?')
    await settled(page)
    const rows = page.getByRole('list', { name: 'Frames and events' }).locator('li')
    const all = await rows.count()
    expect(all).toBeGreaterThan(20)
    expect(await rows.filter({ hasText: 'tool-input-available' }).count()).toBeGreaterThan(0)

    await page.getByLabel('Filter by type').selectOption('event:tool-call-result')
    await expect.poll(() => rows.count()).toBe(1)
    await rows.first().getByRole('button').click()
    expect(await seen(rows.first().locator('pre'))).toContain('"type": "tool-call-result"')

    await page.getByLabel('Filter by type').selectOption('frames')
    await page.getByLabel('Filter by text').fill('finish')
    await expect.poll(() => rows.count()).toBeGreaterThan(0)
    for (const text of await rows.allInnerTexts()) expect(text.toLowerCase()).toContain('finish')
    await page.getByLabel('Filter by text').fill('')
    await page.getByLabel('Filter by type').selectOption('all')
    await screenshot(page, 'connect-inspector')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download recording (.sse)' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^ai-sdk_.*\.sse$/)
    const saved = await download.path()
    expect(
      Buffer.from(await readFile(saved!)).equals(Buffer.from(await readFixtureBytes('ai-sdk/tool-call'))),
    ).toBe(true)
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('talks to the embedded agents too, approvals included', async () => {
    const page = await openPage(browser, `${demo.url}/#/connect`)
    await page.getByRole('button', { name: 'Demo agents' }).click()
    await send(page, 'I need a refund for order A1001')
    const approval = conversation(page).getByRole('group', { name: 'Approve issue_refund?' })
    await approval.waitFor({ timeout: 30_000 })
    await page.getByText('Detected: openai-agents').waitFor()
    await approval.getByRole('button', { name: 'Approve' }).click()
    await conversation(page)
      .getByText(/Done! ✅ I refunded/)
      .waitFor({ timeout: 30_000 })
    const requests = page.getByRole('list', { name: 'Frames and events' }).locator('li[data-kind="request"]')
    await page.getByLabel('Filter by text').fill('approvals')
    await expect.poll(() => requests.count()).toBe(1)
    await page.context().close()
  })
})
