/**
 * The Connect page when an endpoint misbehaves, in Chromium, against a local node:http server on
 * 127.0.0.1: a 200 stream whose connection is cut mid-frame, a 200 HTML login page, a server that
 * never answers (the idle timeout), a stream too long for the inspector to keep; and the inspector's
 * scrollable parts (an expanded row, the run summary) reachable by keyboard (axe).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  axeViolations,
  browserSuite,
  type Demo,
  launchBrowser,
  openPage,
  SKIP_BROWSER,
  screenshot,
  seen,
  startDemo,
} from './helpers'

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
}

const chunk = (text: string, index: number) =>
  `data: ${JSON.stringify({
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [
      {
        index: 0,
        delta: index === 0 ? { role: 'assistant', content: text } : { content: text },
        finish_reason: null,
      },
    ],
  })}\n\n`

const CUT_WORDS = 'Hello there, this answer will be cut off in the middle of'.split(' ')

describe.skipIf(SKIP_BROWSER)(browserSuite('Connect page: failing endpoints (Chromium)'), () => {
  let demo: Demo
  let browser: Browser
  let server: Server
  let base = ''
  const hung: { close(): void }[] = []

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS)
        res.end()
        return
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      if (url.pathname === '/cut') {
        // A 200 event stream, a few words, half a frame, then the socket is destroyed.
        res.writeHead(200, { ...CORS, 'content-type': 'text/event-stream' })
        res.flushHeaders()
        let index = 0
        const timer = setInterval(() => {
          if (index < CUT_WORDS.length) {
            res.write(chunk(`${CUT_WORDS[index]} `, index))
            index++
            return
          }
          clearInterval(timer)
          res.write('data: {"id":"c1","object":"chat.comp')
          setTimeout(() => res.socket?.destroy(), 100)
        }, 20)
        req.on('close', () => clearInterval(timer))
        return
      }
      if (url.pathname === '/login') {
        res.writeHead(200, { ...CORS, 'content-type': 'text/html; charset=utf-8' })
        res.end(
          '<!doctype html><html><head><title>Sign in</title></head><body><h1>Please sign in</h1></body></html>',
        )
        return
      }
      if (url.pathname === '/hang') {
        // Reads the request and never answers.
        hung.push({ close: () => res.socket?.destroy() })
        req.resume()
        return
      }
      if (url.pathname === '/huge') {
        const total = Number(url.searchParams.get('n'))
        res.writeHead(200, { ...CORS, 'content-type': 'text/event-stream' })
        const frames: string[] = []
        for (let index = 0; index < total; index++) frames.push(chunk(`w${index} `, index))
        frames.push(
          'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n',
          'data: [DONE]\n\n',
        )
        res.end(frames.join(''))
        return
      }
      res.writeHead(404, CORS)
      res.end('not found')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    ;[demo, browser] = await Promise.all([startDemo(), launchBrowser()])
  })
  afterAll(async () => {
    for (const each of hung) each.close()
    await browser?.close()
    await demo?.close()
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve))
  })

  const chatStatus = (page: Page) => page.locator('.as-chat').first().getAttribute('data-status')
  const hint = (page: Page) => page.getByRole('note').filter({ hasText: 'What to check' })
  const rows = (page: Page) => page.getByRole('list', { name: 'Frames and events' }).locator('li')

  async function sendTo(page: Page, path: string, text = 'hello') {
    await page.getByLabel('Endpoint URL').fill(`${base}${path}`)
    const input = page.getByRole('textbox', { name: 'Message', exact: true })
    await input.fill(text)
    await input.press('Enter')
  }

  it('a 200 stream cut mid-frame: a dropped-connection hint (not CORS) and an inspector row saying so', async () => {
    const page = await openPage(browser, `${demo.url}/#/connect`)
    await sendTo(page, '/cut')
    await expect.poll(() => chatStatus(page), { timeout: 30_000 }).toBe('error')
    const notice = page.locator('.as-error[data-kind="network"]')
    expect(await seen(notice)).toMatch(/^The connection was lost/)
    // The words before the cut stay.
    await page
      .getByRole('region', { name: 'Conversation with the endpoint' })
      .getByText('Hello there, this answer will be cut off in the middle of', { exact: true })
      .waitFor()

    const text = await seen(hint(page))
    expect(text).toMatch(
      /The server answered \(HTTP 200\) and had sent \d+ bytes \(\d+ frames\) when the connection dropped/,
    )
    expect(text).not.toContain('no response at all')
    expect(text).not.toContain('Access-Control-Allow-Origin')

    const lost = rows(page).filter({ hasText: 'connection lost' })
    await lost.waitFor()
    expect(await lost.getAttribute('data-kind')).toBe('error')
    expect((await seen(lost)).replace(/\s+/g, ' ')).toMatch(
      new RegExp(
        `connection lost after \\d+ bytes, ${CUT_WORDS.length} frames \\(the last frame was cut off\\)`,
      ),
    )
    // It is the last row: the list says how the body ended instead of just stopping.
    expect(await rows(page).last().getAttribute('data-kind')).toBe('error')
    await screenshot(page, 'connect-cut')
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('a 200 HTML page: the not-an-event-stream hint, not the refused-request advice', async () => {
    const page = await openPage(browser, `${demo.url}/#/connect`)
    await sendTo(page, '/login')
    const notice = page.locator('.as-error[data-kind="http"]')
    await notice.waitFor({ timeout: 30_000 })
    expect(await seen(notice)).toContain('The server did not answer with a stream (HTTP 200)')
    expect(await seen(notice)).toContain('not an event stream: <!doctype html>')
    const text = await seen(hint(page))
    expect(text).toContain('The server answered 200 with text/html; charset=utf-8, not an event stream.')
    expect(text).toMatch(/login page/)
    expect(text).toMatch(/wrong URL/)
    expect(text).toMatch(/without streaming/)
    // The inspector shows what came back, and that the body ended.
    await rows(page).filter({ hasText: 'end of body' }).waitFor()
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('a server that never answers: the idle timeout (a form field, 30 s by default) ends the wait', async () => {
    const page = await openPage(browser, `${demo.url}/#/connect`)
    await page.getByText('Headers and body').click()
    const idle = page.getByLabel(/^Idle timeout/)
    expect(await idle.inputValue()).toBe('30')
    await idle.fill('1')
    await sendTo(page, '/hang')
    expect(await chatStatus(page)).toBe('connecting')
    const notice = page.locator('.as-error[data-kind="timeout"]')
    await notice.waitFor({ timeout: 10_000 })
    expect(await seen(notice)).toContain('Nothing arrived for 1000 ms.')
    expect(await seen(hint(page))).toMatch(/did not answer for 1 s: no status, no headers/)
    await rows(page).filter({ hasText: 'aborted' }).waitFor()
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('a stream longer than the inspector keeps: the note says how many rows were dropped', async () => {
    const page = await openPage(browser, `${demo.url}/#/connect`)
    await sendTo(page, '/huge?n=12000')
    await expect.poll(() => chatStatus(page), { timeout: 60_000 }).toBe('done')
    await rows(page).filter({ hasText: 'end of body' }).waitFor({ timeout: 30_000 })
    const note = page.locator('.demo-inspector-note')
    // 1 request + 1 response + 12,002 frames + 12,002 events (text deltas and the finish) + the end.
    await expect
      .poll(() => seen(note), { timeout: 10_000 })
      .toMatch(/The inspector keeps the last 20,000 of 24,\d{3} rows: the first 4,\d{3} were dropped\./)
    expect(await seen(note)).toContain('Showing the last 400 of 20,000 matching rows.')

    // The filter: typing goes to the input at once; the list follows.
    const filter = page.getByLabel('Filter by text')
    await filter.pressSequentially('w11999', { delay: 20 })
    expect(await filter.inputValue()).toBe('w11999')
    await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(2)
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('the inspector is axe-clean with a row expanded and the run summary open', async () => {
    const page = await openPage(browser, `${demo.url}/#/connect`)
    await page.getByRole('button', { name: 'Chat Completions', exact: true }).click()
    const input = page.getByRole('textbox', { name: 'Message', exact: true })
    await input.fill('Replay it')
    await input.press('Enter')
    await expect
      .poll(() => chatStatus(page), { timeout: 30_000 })
      .toMatch(/^(done|error|interrupted|incomplete)$/)

    // An expanded frame: its detail scrolls, and can be reached and named.
    await page.getByLabel('Filter by type').selectOption('frames')
    const row = rows(page).first()
    await row.getByRole('button').click()
    const detail = row.getByRole('group')
    expect(await detail.getAttribute('tabindex')).toBe('0')
    expect(await detail.getAttribute('aria-label')).toMatch(/^frame .+, in full$/)
    expect(await axeViolations(page)).toEqual([])

    await page.getByRole('button', { name: 'Run summary' }).click()
    const dialog = page.getByRole('dialog', { name: 'Run summary' })
    const json = dialog.getByRole('group', { name: 'Run summary (JSON)' })
    await json.focus()
    expect(await json.evaluate((element) => element === document.activeElement)).toBe(true)
    expect(JSON.parse(await seen(json)).protocol).toBe('openai-chat')
    expect(await axeViolations(page)).toEqual([])
    await screenshot(page, 'connect-summary')
    expect(page.errors).toEqual([])
    await page.context().close()
  })
})
