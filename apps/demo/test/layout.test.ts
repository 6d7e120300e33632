/**
 * The demo's layout in Chromium at desktop, laptop, tablet, phone and 200% zoom sizes: every panel
 * keeps a usable height (narrow and short windows scroll the page as a whole instead of squeezing
 * columns), the header fits a phone, a Gallery canvas in the other theme keeps its contrast, and
 * "New conversation" leaves focus in the composer.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  axeViolations,
  browserSuite,
  type Demo,
  launchBrowser,
  SKIP_BROWSER,
  screenshot,
  startDemo,
} from './helpers'

interface Viewport {
  name: string
  width: number
  height: number
  /** 2: a 1366×860 window at 200% zoom is 683×430 CSS pixels. */
  scale?: number
}

const DESKTOP: Viewport = { name: '1440x900', width: 1440, height: 900 }
const LAPTOP: Viewport = { name: '1280x720', width: 1280, height: 720 }
const PHONE: Viewport = { name: '375x812', width: 375, height: 812 }
const ZOOM_200: Viewport = { name: '683x430@2x', width: 683, height: 430, scale: 2 }
const VIEWPORTS: Viewport[] = [
  DESKTOP,
  LAPTOP,
  { name: '1024x768', width: 1024, height: 768 },
  { name: '768x1024', width: 768, height: 1024 },
  PHONE,
  ZOOM_200,
]

interface Box {
  top: number
  bottom: number
  left: number
  right: number
  height: number
}

describe.skipIf(SKIP_BROWSER)(browserSuite('Layout at every size (Chromium)'), () => {
  let demo: Demo
  let browser: Browser

  beforeAll(async () => {
    ;[demo, browser] = await Promise.all([
      startDemo({ tokenDelay: 1, thinkDelay: 5, toolDelay: 5 }),
      launchBrowser(),
    ])
  })
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  async function open(
    hash: string,
    viewport: Viewport,
    colorScheme: 'light' | 'dark' = 'light',
  ): Promise<Page & { errors: string[] }> {
    const context = await browser.newContext({
      viewport: { width: viewport.width, height: viewport.height },
      deviceScaleFactor: viewport.scale ?? 1,
      colorScheme,
    })
    const page = (await context.newPage()) as Page & { errors: string[] }
    page.errors = []
    page.on('pageerror', (error) => page.errors.push(`pageerror: ${error.message}`))
    await page.goto(`${demo.url}/${hash}`)
    return page
  }

  /** The element's box in document coordinates (so below-the-fold parts compare too). */
  const box = (page: Page, selector: string): Promise<Box> =>
    page
      .locator(selector)
      .first()
      .evaluate((element) => {
        const rect = element.getBoundingClientRect()
        return {
          top: rect.top + window.scrollY,
          bottom: rect.bottom + window.scrollY,
          left: rect.left,
          right: rect.right,
          height: rect.height,
        }
      })

  const panelHeights = (page: Page) =>
    page
      .locator('.demo-side .demo-panel')
      .evaluateAll((panels) =>
        panels.map((panel) => [panel.querySelector('h2')?.textContent, panel.getBoundingClientRect().height]),
      )

  /** Elements whose content is cut off by their own scroll box, except the ones meant to scroll. */
  const innerScrollers = (page: Page, allowed: string[]) =>
    page.evaluate(
      (allowedSelectors) =>
        [...document.querySelectorAll<HTMLElement>('body *')]
          .filter((element) => {
            if (allowedSelectors.some((selector) => element.matches(selector))) return false
            const style = getComputedStyle(element)
            return /auto|scroll/.test(style.overflowY) && element.scrollHeight > element.clientHeight + 1
          })
          .map(
            (element) => `${element.tagName.toLowerCase()}.${element.className} ${element.clientHeight}px`,
          ),
      allowed,
    )

  /** Nothing wider than the page: no horizontal scrolling, nothing cut at the right edge. */
  const horizontalOverflow = (page: Page) =>
    page.evaluate(() => {
      const width = document.documentElement.clientWidth
      return {
        scrollWidth: document.documentElement.scrollWidth,
        width,
        beyond: [...document.querySelectorAll('.demo-header *')]
          .filter((element) => element.getBoundingClientRect().right > width + 0.5)
          .map((element) => element.tagName.toLowerCase()),
      }
    })

  const isWide = (viewport: Viewport) => viewport.width > 1280 && viewport.height >= 800

  for (const viewport of VIEWPORTS) {
    it(`Connect at ${viewport.name}: the conversation, the inspector, Agents and Tool calls all have room`, async () => {
      const page = await open('#/connect', viewport)
      await page.getByRole('region', { name: 'Conversation with the endpoint' }).waitFor()
      const heights = Object.fromEntries(await panelHeights(page))
      expect(Object.keys(heights)).toEqual(['Agents', 'Tool calls'])
      for (const [title, height] of Object.entries(heights))
        expect(height, `${title} panel at ${viewport.name}`).toBeGreaterThan(40)
      expect((await box(page, '.demo-conversation')).height).toBeGreaterThanOrEqual(340)
      expect((await box(page, '.demo-inspector')).height).toBeGreaterThanOrEqual(340)
      // Only the messages and the inspector's event list scroll inside; the rest is the page's.
      expect(await innerScrollers(page, ['.as-messages-scroll', '.demo-inspector-list'])).toEqual([])
      if (!isWide(viewport)) {
        // The panels follow the panes, and the page (not a box inside it) scrolls to them.
        const side = await box(page, '.demo-side')
        expect(side.top).toBeGreaterThanOrEqual((await box(page, '.demo-conversation')).bottom)
        expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThanOrEqual(
          Math.floor(side.bottom),
        )
      }
      const overflow = await horizontalOverflow(page)
      expect(overflow.scrollWidth).toBe(overflow.width)
      expect(page.errors).toEqual([])
      await page.context().close()
    })

    it(`Chat at ${viewport.name}: the side column (Agents, Tool calls, Run) is visible`, async () => {
      const page = await open('#/chat', viewport)
      await page.getByRole('complementary', { name: 'Run details' }).waitFor()
      const heights = Object.fromEntries(await panelHeights(page))
      expect(Object.keys(heights)).toEqual(['Agents', 'Tool calls', 'Run'])
      for (const [title, height] of Object.entries(heights))
        expect(height, `${title} panel at ${viewport.name}`).toBeGreaterThan(40)
      const side = await box(page, '.demo-side')
      expect(side.height).toBeGreaterThan(200)
      expect((await box(page, '.demo-conversation')).height).toBeGreaterThanOrEqual(340)
      expect(await innerScrollers(page, ['.as-messages-scroll'])).toEqual([])
      const overflow = await horizontalOverflow(page)
      expect(overflow.scrollWidth).toBe(overflow.width)
      expect(overflow.beyond).toEqual([])
      if (viewport === ZOOM_200) await screenshot(page, 'layout-chat-zoom-200')
      await page.context().close()
    })

    it(`Gallery at ${viewport.name}: the component is not in a small inner scroll box`, async () => {
      const page = await open('#/gallery/chat/approval', viewport)
      await page.locator('.demo-canvas .as-composer').waitFor()
      const frame = await box(page, '.demo-canvas-frame')
      expect(frame.height).toBeGreaterThanOrEqual(380)
      // The stage shows the whole canvas (the page or, at the widest sizes, the stage itself
      // scrolls to it), never a sliver of it.
      const stage = await box(page, '.demo-gallery-stage')
      if (isWide(viewport) || viewport === LAPTOP) expect(stage.height).toBeGreaterThan(frame.height)
      else {
        expect(frame.top).toBeGreaterThanOrEqual(stage.top)
        expect(frame.bottom).toBeLessThanOrEqual(stage.bottom)
        // Beside the side navigation (tablet landscape) the stage and props scroll as one pane the
        // height of the window; narrower, the page itself scrolls.
        expect(
          await innerScrollers(page, ['.as-messages-scroll', '.demo-gallery-nav', '.demo-gallery-body']),
        ).toEqual([])
        const body = await page.locator('.demo-gallery-body').evaluate((element) => ({
          height: element.clientHeight,
          scrolls: element.scrollHeight > element.clientHeight,
        }))
        if (body.scrolls) expect(body.height).toBeGreaterThanOrEqual(viewport.height - 60)
      }
      // The props follow the stage without overlapping it.
      const props = await box(page, '.demo-gallery-props')
      if (props.left < stage.right - 1) expect(props.top).toBeGreaterThanOrEqual(stage.bottom - 1)
      const overflow = await horizontalOverflow(page)
      expect(overflow.scrollWidth).toBe(overflow.width)
      await page.context().close()
    })
  }

  it('fits the header on a phone: nothing past the right edge, the theme menu whole', async () => {
    for (const width of [320, 360, 375]) {
      const page = await open('#/chat', { name: `${width}`, width, height: 740 })
      await page.getByRole('combobox', { name: 'Theme' }).waitFor()
      const overflow = await horizontalOverflow(page)
      expect(overflow.scrollWidth, `at ${width}px`).toBe(width)
      expect(overflow.beyond, `at ${width}px`).toEqual([])
      const select = await box(page, '.demo-theme select')
      expect(select.right).toBeLessThanOrEqual(width)
      expect(select.height).toBeGreaterThan(20)
      if (width === 375) {
        // One row at 375px.
        expect((await box(page, '.demo-header')).height).toBeLessThanOrEqual(57)
        await screenshot(page, 'layout-header-375')
      }
      await page.context().close()
    }
  })

  it('has no serious axe violations on a phone and at 200% zoom (no unreachable scroll region)', async () => {
    for (const viewport of [PHONE, ZOOM_200]) {
      for (const hash of ['#/chat', '#/connect', '#/gallery/chat/approval']) {
        const page = await open(hash, viewport)
        await page.locator('.as-composer').first().waitFor()
        await page.waitForTimeout(300)
        expect(await axeViolations(page), `${hash} at ${viewport.name}`).toEqual([])
        await page.context().close()
      }
    }
  })

  it('keeps the contrast of a Gallery canvas in the other theme than the page (hint text included)', async () => {
    const cases = [
      { page: 'light', canvas: 'Dark' },
      { page: 'dark', canvas: 'Light' },
    ] as const
    for (const { page: scheme, canvas } of cases) {
      for (const hash of ['#/gallery/status/tool', '#/gallery/tool-call-timeline/tool-call']) {
        const page = await open(hash, DESKTOP, scheme)
        const playback = page.getByRole('toolbar', { name: 'Playback' })
        await playback.waitFor()
        await page.getByRole('button', { name: canvas, exact: true }).click()
        // At the start (idle, no tool calls yet): the story's muted hint, in the canvas's palette.
        await playback.getByRole('button', { name: 'Pause' }).click()
        await page.getByLabel('Position').fill('0')
        const hint = page.locator('.demo-canvas .demo-muted').first()
        await hint.waitFor()
        expect(await hint.evaluate((element) => getComputedStyle(element).color)).toBe(
          canvas === 'Dark' ? 'rgb(160, 167, 180)' : 'rgb(93, 99, 112)',
        )
        expect(
          await axeViolations(page),
          `${hash}: ${canvas.toLowerCase()} canvas in a ${scheme} page`,
        ).toEqual([])
        await page.context().close()
      }
    }
  })

  it('New conversation moves focus to the composer (the button disables itself)', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await open('#/chat', viewport)
      const composer = page.getByRole('textbox', { name: 'Message' })
      await composer.fill('What’s the weather in Oslo?')
      await composer.press('Enter')
      await expect
        .poll(() => page.locator('.as-chat').first().getAttribute('data-status'), { timeout: 30_000 })
        .toBe('done')
      const button = page.getByRole('button', { name: 'New conversation' })
      await button.focus()
      await page.keyboard.press('Enter')
      await expect.poll(() => button.isDisabled()).toBe(true)
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA')
      expect(await composer.evaluate((element) => element === document.activeElement)).toBe(true)
      // Typing goes straight into the next conversation.
      await page.keyboard.type('Hello')
      expect(await composer.inputValue()).toBe('Hello')
      await page.context().close()
    }
  })
})
