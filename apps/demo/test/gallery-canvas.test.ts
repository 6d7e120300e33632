/**
 * What a user can do on a Gallery canvas, in Chromium: there is no agent behind it, so a message
 * gets a short recorded reply (a replay fetch), Approve goes on with the “After approval” recording,
 * Retry plays the story again, and a suggestion of Chat.EmptyState leaves focus in the composer.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCAL_REPLY } from '../src/gallery/canvas'
import {
  browserSuite,
  galleryCanvas as canvas,
  type Demo,
  launchBrowser,
  openPage,
  galleryPlayback as playback,
  playbackPosition as position,
  SKIP_BROWSER,
  screenshot,
  seen,
  startDemo,
} from './helpers'

describe.skipIf(SKIP_BROWSER)(browserSuite('Gallery canvas (Chromium)'), () => {
  let demo: Demo
  let browser: Browser

  beforeAll(async () => {
    ;[demo, browser] = await Promise.all([startDemo(), launchBrowser()])
  })
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  const canvasStatus = (page: Page) => canvas(page).getAttribute('data-status')
  /** Once the story has started playing on its own (it does when its recording is loaded). */
  async function started(page: Page) {
    await playback(page).waitFor()
    await expect.poll(async () => (await position(page)).index, { timeout: 10_000 }).toBeGreaterThan(0)
  }
  /** To the end of the story, paused. */
  async function toEnd(page: Page) {
    await started(page)
    await page.getByLabel('Position').focus()
    await page.keyboard.press('End')
    const { index, total } = await position(page)
    expect(index).toBe(total)
  }

  it('a message sent from a Chat story gets a local reply, not an error', async () => {
    const page = await openPage(browser, `${demo.url}/#/gallery/chat/text`)
    await toEnd(page)
    const input = canvas(page).getByRole('textbox', { name: 'Message', exact: true })
    await input.fill('Hello from the gallery')
    await input.press('Enter')
    const messages = canvas(page).getByRole('region', { name: 'Conversation' })
    await messages.getByText('Hello from the gallery').waitFor()
    await messages.getByText(LOCAL_REPLY).waitFor({ timeout: 15_000 })
    await expect.poll(() => canvasStatus(page), { timeout: 15_000 }).toBe('done')
    expect(await canvas(page).locator('.as-error').count()).toBe(0)
    expect(await seen(canvas(page))).not.toContain('Building the request failed')
    // The story's own answer is still there, before the follow-up.
    expect(await seen(messages)).toMatch(/Hi there[\s\S]*Hello from the gallery/)
    await screenshot(page, 'gallery-canvas-send')

    // Play goes back to the story.
    await playback(page).getByRole('button', { name: /^Play/ }).click()
    await expect.poll(() => seen(messages), { timeout: 10_000 }).not.toContain('Hello from the gallery')
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('a suggestion of Chat.EmptyState sends, gets a reply, and focus goes to the composer', async () => {
    const page = await openPage(browser, `${demo.url}/#/gallery/empty-state/text`)
    await started(page)
    await page.getByLabel('Position').focus()
    await page.keyboard.press('Home')
    expect((await position(page)).index).toBe(0)
    const suggestion = canvas(page).getByRole('button', { name: 'What’s the weather in Oslo?' })
    await suggestion.click()
    const messages = canvas(page).getByRole('region', { name: 'Conversation' })
    await messages.getByText('What’s the weather in Oslo?').waitFor()
    await messages.getByText(LOCAL_REPLY).waitFor({ timeout: 15_000 })
    const composer = canvas(page).getByRole('textbox', { name: 'Message', exact: true })
    expect(await composer.evaluate((element) => element === document.activeElement)).toBe(true)
    // Before its first event, the story stays out of it.
    expect(await seen(messages)).not.toContain('Say hi.')
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('Approve goes on with the “After approval” recording: issue_refund runs and the agent answers', async () => {
    const page = await openPage(browser, `${demo.url}/#/gallery/chat/approval`)
    await toEnd(page)
    const before = await position(page)
    const approval = canvas(page).getByRole('group', { name: 'Approve issue_refund?' })
    await approval.getByRole('button', { name: 'Approve' }).click()
    await canvas(page)
      .getByText(/Done! ✅ I refunded/)
      .waitFor({ timeout: 15_000 })
    await expect.poll(() => canvasStatus(page), { timeout: 15_000 }).toBe('done')
    expect(await seen(canvas(page))).not.toMatch(/issue_refund\s*Running/)
    // The playback goes on too: the continuation's events come after the story's.
    const after = await position(page)
    expect(after.total).toBeGreaterThan(before.total)
    expect(after.index).toBe(after.total)

    // Restart plays the story as recorded: the approval is asked again.
    await playback(page).getByRole('button', { name: 'Restart' }).click()
    await page.getByLabel('Position').focus()
    await page.keyboard.press('End')
    await approval.waitFor()
    expect((await position(page)).total).toBe(before.total)
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('Retry in an error story plays the story again', async () => {
    const page = await openPage(browser, `${demo.url}/#/gallery/chat/model-error`)
    await toEnd(page)
    const { total } = await position(page)
    await canvas(page).locator('.as-error').waitFor()
    await canvas(page).getByRole('button', { name: 'Retry' }).click()
    await expect.poll(async () => (await position(page)).index < total, { timeout: 10_000 }).toBe(true)
    await expect.poll(async () => (await position(page)).index, { timeout: 15_000 }).toBe(total)
    await canvas(page).locator('.as-error').waitFor()
    expect(page.errors).toEqual([])
    await page.context().close()
  })
})
