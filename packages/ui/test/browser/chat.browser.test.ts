// @vitest-environment node
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fixture } from '../fixtures'
import { type ScriptedAnswer, startTestServer, type TestServer } from './server'

const here = dirname(fileURLToPath(import.meta.url))
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasChromium = existsSync(chromiumPath)
// Without Chromium the browser tests are skipped (and say why), except under CI, where they fail.
const skip = !hasChromium && process.env.CI !== 'true'
const title = skip
  ? `browser (skipped: no Chromium at ${chromiumPath}; set CHROMIUM_PATH, or CI=true to fail instead)`
  : 'browser: the chat in real Chromium'
if (skip) console.warn(`[ui browser tests] ${title}`)

/** Screenshots go to `.artifacts/ui/` at the repository root (gitignored). */
const screenshots = join(here, '../../../../.artifacts/ui')
const axeSource: string = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

describe.skipIf(skip)(title, () => {
  let browser: Browser
  let server: TestServer
  let context: BrowserContext | undefined

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true })
    server = await startTestServer()
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  afterEach(async () => {
    await context?.close()
    context = undefined
  })

  async function open(
    answers: ScriptedAnswer[],
    options: { query?: string; colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {},
  ): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
    server.script(answers)
    context = await browser.newContext({
      viewport: { width: options.width ?? 1100, height: options.height ?? 760 },
      colorScheme: options.colorScheme ?? 'light',
      reducedMotion: 'reduce',
    })
    const page = await context.newPage()
    const errors: string[] = []
    const dialogs: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    await page.goto(`${server.url}/${options.query ?? ''}`)
    if (!options.query?.includes('layout=standalone'))
      await page.getByRole('textbox', { name: 'Message' }).waitFor()
    return { page, errors, dialogs }
  }

  async function ask(page: Page, text: string) {
    const input = page.getByRole('textbox', { name: 'Message' })
    await input.click()
    await input.fill(text)
    await input.press('Enter')
  }

  const waitForStatus = (page: Page, status: string, timeout = 20_000) =>
    page.locator(`.as-chat[data-status="${status}"]`).waitFor({ timeout })

  async function axe(page: Page) {
    await page.evaluate(axeSource)
    return page.evaluate(async () => {
      const result = await (window as unknown as { axe: typeof import('axe-core') }).axe.run(document)
      return result.violations.map(
        (violation) =>
          `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
            .map((node) => `${node.target.join(' ')} ${node.failureSummary ?? ''}`)
            .join(' | ')}`,
      )
    })
  }

  it('renders a recorded agents run with a handoff and tools', async () => {
    const { page, errors } = await open([{ fixture: 'openai-agents/handoff', pace: 60 }])
    await ask(page, 'What’s the weather in Tokyo?')
    // Mid-stream: the status line says what is happening.
    await page
      .locator('.as-status[data-status="tool"], .as-status[data-status="responding"]')
      .first()
      .waitFor({
        timeout: 10_000,
      })
    await page.screenshot({ path: join(screenshots, 'handoff-streaming.png') })
    await waitForStatus(page, 'done')

    const conversation = page.getByRole('region', { name: 'Conversation' })
    const articles = conversation.getByRole('article')
    await expect.poll(() => articles.count()).toBe(3)
    expect(
      await articles.evaluateAll((nodes) =>
        nodes.map((node) => (node as HTMLElement).dataset.agent ?? 'user'),
      ),
    ).toEqual(['user', 'Triage', 'Weather Agent'])
    expect(await articles.nth(2).textContent()).toContain(
      'It’s 18 °C with light rain in Tokyo — take an umbrella ☔',
    )
    expect(
      await conversation.getByRole('separator', { name: 'Triage handed off to Weather Agent' }).count(),
    ).toBe(1)
    const inline = conversation.getByRole('group', { name: 'Tool get_weather: Done' })
    expect(await inline.locator('.as-tool-output').textContent()).toContain('"conditions": "light rain"')
    const panel = page.getByRole('complementary', { name: 'Run details' })
    expect(await panel.getByRole('group', { name: 'Tool get_weather: Done' }).count()).toBe(1)
    const trail = page.getByRole('navigation', { name: 'Agents in this run' })
    expect(await trail.locator('[aria-current="step"]').textContent()).toBe('Weather Agent')
    // The badge colours differ per agent and come from the stylesheet.
    const colors = await page
      .locator('.as-handoff .as-agent-badge')
      .evaluateAll((nodes) => nodes.map((node) => getComputedStyle(node).backgroundColor))
    expect(colors).toHaveLength(2)
    expect(colors[0]).not.toBe(colors[1])
    // Focus stayed in the composer after sending.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA')
    expect(await page.getByRole('status').textContent()).toContain('Weather Agent replied')
    await page.screenshot({ path: join(screenshots, 'handoff-light.png') })
    expect(errors).toEqual([])
  })

  it('styles the timeline and the handoff trail used on their own, outside a Chat.Root', async () => {
    const { page, errors } = await open([{ fixture: 'openai-agents/handoff', pace: 5 }], {
      query: '?layout=standalone',
    })
    const item = page.getByRole('group', { name: 'Tool get_weather: Done' })
    await item.waitFor({ timeout: 20_000 })
    expect(await page.locator('.as-chat').count()).toBe(0)
    const look = await item.evaluate((node) => {
      const style = getComputedStyle(node)
      return { border: style.borderTopStyle, radius: style.borderTopLeftRadius, font: style.fontFamily }
    })
    expect(look.border).not.toBe('none')
    expect(look.radius).not.toBe('0px')
    expect(look.font).toContain('system-ui')
    const badges = await page
      .locator('.as-handoff-trail .as-agent-badge')
      .evaluateAll((nodes) => nodes.map((node) => getComputedStyle(node).backgroundColor))
    // Each agent's own colour, not the page's background.
    expect(badges).toHaveLength(2)
    expect(badges[0]).not.toBe(badges[1])
    for (const color of badges) expect(['rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)']).not.toContain(color)
    // Laid out as a list, not stretched like a chat.
    expect((await item.boundingBox())?.y).toBeLessThan(200)
    await page.screenshot({ path: join(screenshots, 'standalone-timeline.png') })
    expect(errors).toEqual([])
  })

  it('sticks to the bottom while streaming, lets go on scroll up, and jumps back', async () => {
    const { page, errors } = await open([{ fixture: 'ai-sdk/long-answer', pace: 16, framesPerWrite: 4 }], {
      query: '?panel=off',
      width: 900,
      height: 600,
    })
    await ask(page, 'Tell me everything about agents')
    const region = page.getByRole('region', { name: 'Conversation' })
    const metrics = () =>
      region.evaluate((node) => ({
        top: node.scrollTop,
        height: node.scrollHeight,
        client: node.clientHeight,
        gap: node.scrollHeight - node.clientHeight - node.scrollTop,
      }))
    await expect
      .poll(async () => (await metrics()).height - (await metrics()).client, { timeout: 10_000 })
      .toBeGreaterThan(600)
    // Stuck: every sample while text streams is at the bottom.
    for (let sample = 0; sample < 5; sample++) {
      await page.waitForTimeout(120)
      expect((await metrics()).gap).toBeLessThan(48)
    }
    expect(await page.locator('.as-messages').getAttribute('data-state')).toBe('stuck')

    // The user scrolls up: the view stays where they put it while text keeps arriving.
    const box = (await region.boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.wheel(0, -500)
    await page.waitForTimeout(200)
    const released = await metrics()
    expect(released.gap).toBeGreaterThan(200)
    const jump = page.getByRole('button', { name: 'Jump to latest' })
    await jump.waitFor()
    await page.waitForTimeout(600)
    const later = await metrics()
    expect(later.height).toBeGreaterThan(released.height)
    expect(Math.abs(later.top - released.top)).toBeLessThan(2)
    expect(await page.locator('.as-messages').getAttribute('data-state')).toBe('released')
    await page.screenshot({ path: join(screenshots, 'scroll-released.png') })

    // "Jump to latest" brings it back, and it sticks again.
    await jump.click()
    await expect.poll(async () => (await metrics()).gap, { timeout: 3000 }).toBeLessThan(48)
    await jump.waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Conversation')
    for (let sample = 0; sample < 3; sample++) {
      await page.waitForTimeout(120)
      expect((await metrics()).gap).toBeLessThan(48)
    }
    await waitForStatus(page, 'done', 30_000)
    expect((await metrics()).gap).toBeLessThan(48)
    expect(errors).toEqual([])
  })

  it('shows a long answer that arrives in one burst whole: its end in view, its start found and shown', async () => {
    const { page, errors } = await open(
      [{ fixture: 'ai-sdk/long-answer', pace: 0, framesPerWrite: 100_000 }],
      { query: '?panel=off', width: 900, height: 600 },
    )
    await ask(page, 'Tell me everything about agents')
    await waitForStatus(page, 'done')
    const region = page.getByRole('region', { name: 'Conversation' })
    const paragraphs = region.getByRole('article').last().locator('.as-markdown > p')
    // The recorded answer's 17 paragraphs, some 20 screens of text at this size.
    expect(await paragraphs.count()).toBe(17)
    const gap = () => region.evaluate((node) => node.scrollHeight - node.clientHeight - node.scrollTop)
    await expect.poll(gap).toBeLessThan(48)
    // Where a paragraph shows on screen, its text is laid out there: a click at its first line
    // lands in its text (a block skipped as off screen would be an empty box).
    const textAt = (index: number) =>
      paragraphs.nth(index).evaluate((node) => {
        const box = node.getBoundingClientRect()
        const range = document.caretRangeFromPoint(box.left + 8, box.top + 8)
        return (
          range !== null &&
          range.startContainer.nodeType === Node.TEXT_NODE &&
          node.contains(range.startContainer)
        )
      })
    const inView = async (index: number) => {
      const view = (await region.boundingBox())!
      const box = (await paragraphs.nth(index).boundingBox())!
      return box.y + 8 > view.y && box.y + 8 < view.y + view.height
    }
    // The end is on screen.
    expect(await inView(16)).toBe(true)
    expect(await textAt(16)).toBe(true)
    // The first paragraph, screens up, is found by the browser's find (Ctrl+F; wrapping around, the
    // composer has the focus). Its end: the announcement in the live region repeats the beginning.
    const first = (await paragraphs.first().textContent())!.slice(-40)
    const found = await page.evaluate((text) => {
      const find = (window as unknown as { find(...args: unknown[]): boolean }).find
      return find(text, false, false, true)
    }, first)
    expect(found).toBe(true)
    expect(
      await paragraphs.first().evaluate((node) => node.contains(getSelection()?.anchorNode ?? null)),
    ).toBe(true)
    // Scrolled back to, it shows its text.
    await paragraphs.first().evaluate((node) => node.scrollIntoView({ block: 'start' }))
    await expect.poll(() => inView(0)).toBe(true)
    await expect.poll(() => textAt(0)).toBe(true)
    await page.screenshot({ path: join(screenshots, 'burst-found.png') })
    expect(errors).toEqual([])
  })

  it('executes nothing from <script>, <img onerror> or javascript: links in model text and tool output', async () => {
    // Derived from openai-agents/tool-call.sse by text replacement only (the recorded framing, ids and
    // events stay): the answer's first text delta "It’s 21" (and the same text in the final message
    // items) gains a payload, and the tool output's `"conditions":"sunny"` becomes another payload.
    const recorded = fixture('openai-agents/tool-call')
    const textPayload =
      'It’s 21 <script>window.__xss = 1; alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) ' +
      '<a href=javascript:alert(4)>y</a> [z](data:text/html,<script>alert(5)</script>)'
    const outputPayload =
      'conditions\\":\\"<img src=x onerror=alert(6)><script>window.__xss = 2</script>[w](javascript:alert(7))'
    expect(recorded.body).toContain('It’s 21')
    expect(recorded.body).toContain('conditions\\":\\"sunny')
    const body = recorded.body
      .replaceAll('It’s 21', textPayload)
      .replaceAll('conditions\\":\\"sunny', outputPayload)
    const { page, errors, dialogs } = await open([{ body, headers: recorded.headers, pace: 20 }])
    await ask(page, 'Weather in Paris?')
    await waitForStatus(page, 'done')
    const chat = page.locator('.as-chat')
    const answer = page.getByRole('region', { name: 'Conversation' }).getByRole('article').last()
    // The payloads are shown as text…
    expect(await answer.textContent()).toContain('<script>window.__xss = 1; alert(1)</script>')
    expect(await answer.textContent()).toContain('<img src=x onerror=alert(2)>')
    expect(await page.locator('.as-tool-output').first().textContent()).toContain(
      '<img src=x onerror=alert(6)>',
    )
    // …nothing was injected…
    expect(await chat.locator('script, img, iframe, object, embed').count()).toBe(0)
    expect(await chat.locator('[onerror], [onclick], [onload]').count()).toBe(0)
    // …no link kept a script or data URL…
    const hrefs = await chat
      .locator('a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')))
    for (const href of hrefs) expect(href ?? '').not.toMatch(/^\s*(javascript|data|vbscript):/i)
    const unsafe = answer.locator('[data-unsafe-link]')
    expect(await unsafe.allInnerTexts()).toEqual(['x', 'z'])
    await unsafe.first().click()
    // …and nothing ran.
    await page.waitForTimeout(300)
    expect(dialogs).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    await page.screenshot({ path: join(screenshots, 'xss.png') })
    expect(errors).toEqual([])
  })

  for (const theme of ['light', 'dark'] as const) {
    it(`has no axe violations in the ${theme} theme (run, approval, error)`, async () => {
      const { page, errors } = await open(
        [
          { fixture: 'openai-agents/handoff', pace: 5 },
          { fixture: 'openai-agents/approval', pace: 5 },
        ],
        { query: `?theme=${theme}`, colorScheme: theme },
      )
      expect(await axe(page)).toEqual([])
      await ask(page, 'What’s the weather in Tokyo?')
      await waitForStatus(page, 'done')
      expect(await axe(page)).toEqual([])
      await ask(page, 'Refund order A-1001')
      await waitForStatus(page, 'interrupted')
      await page.getByRole('button', { name: 'Approve' }).first().waitFor()
      expect(await axe(page)).toEqual([])
      await page.screenshot({ path: join(screenshots, `approval-${theme}.png`) })
      expect(errors).toEqual([])
    })
  }

  it('follows prefers-color-scheme without data-theme, and shows errors with a retry', async () => {
    const { page, errors } = await open(
      [
        { fixture: 'openai-agents/reasoning', pace: 40 },
        { fixture: 'openai-agents/error-mid-stream', pace: 5 },
      ],
      { colorScheme: 'dark' },
    )
    const background = await page
      .locator('.as-chat')
      .evaluate((node) => getComputedStyle(node).backgroundColor)
    expect(background).toBe('rgb(17, 19, 24)')
    await ask(page, 'Is it warm?')
    await waitForStatus(page, 'done')
    await ask(page, 'And tomorrow?')
    await waitForStatus(page, 'error')
    await page.locator('.as-error').waitFor()
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(1)
    expect(await axe(page)).toEqual([])
    await page.screenshot({ path: join(screenshots, 'reasoning-error-dark.png') })
    expect(errors.filter((error) => !/Failed to load resource/.test(error))).toEqual([])
  })
})
