/**
 * The Gallery in Chromium: every component in every state, driven by recorded streams, with the
 * playback controls, the props panel and light / dark.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STORIES } from '../src/gallery/stories'
import {
  axeViolations,
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

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe.skipIf(SKIP_BROWSER)(browserSuite('Gallery page (Chromium)'), () => {
  let demo: Demo
  let browser: Browser

  beforeAll(async () => {
    ;[demo, browser] = await Promise.all([startDemo(), launchBrowser()])
  })
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  it('plays, pauses, steps one event, changes speed and restarts', async () => {
    const page = await openPage(browser, `${demo.url}/#/gallery/tool-call-timeline/tool-call`)
    await playback(page).waitFor()
    await playback(page).getByRole('button', { name: 'Pause' }).click()
    await playback(page).getByRole('button', { name: 'Restart' }).click()
    await playback(page).getByRole('button', { name: 'Pause' }).click()
    const start = await position(page)
    expect(start.index).toBeLessThan(5)

    await playback(page).getByRole('button', { name: 'Step one event' }).click()
    expect((await position(page)).index).toBe(start.index + 1)
    await playback(page).getByRole('button', { name: 'Step one event' }).click()
    expect((await position(page)).index).toBe(start.index + 2)
    // Paused means paused.
    await page.waitForTimeout(300)
    expect((await position(page)).index).toBe(start.index + 2)

    // Step until the tool call appears, with its arguments.
    const timeline = canvas(page).getByRole('region', { name: 'Tool calls' })
    for (let steps = 0; steps < 40 && (await timeline.getByRole('group').count()) === 0; steps++)
      await playback(page).getByRole('button', { name: 'Step one event' }).click()
    expect(await timeline.getByRole('group').getAttribute('aria-label')).toMatch(/^Tool get_weather: /)

    await page.getByLabel('Speed').selectOption('100')
    await playback(page).getByRole('button', { name: 'Play' }).click()
    await expect.poll(async () => (await position(page)).index, { timeout: 10_000 }).toBe(start.total)
    await timeline.getByRole('group', { name: 'Tool get_weather: Done' }).waitFor()

    await page.getByRole('button', { name: 'Dark' }).click()
    expect(await canvas(page).getAttribute('data-theme')).toBe('dark')
    await screenshot(page, 'gallery-timeline-dark')

    await playback(page).getByRole('button', { name: 'Restart' }).click()
    await expect.poll(async () => (await position(page)).index, { timeout: 10_000 }).toBe(start.total)
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('the props panel changes the component', async () => {
    const page = await openPage(browser, `${demo.url}/#/gallery/chat/handoff-tool`)
    await playback(page).waitFor()
    await canvas(page).getByRole('textbox', { name: 'Message', exact: true }).waitFor()
    await page.getByLabel('Show the composer').uncheck()
    expect(await canvas(page).getByRole('textbox', { name: 'Message', exact: true }).count()).toBe(0)
    await page.getByLabel('Accessible label').fill('Replayed conversation')
    await canvas(page).getByRole('region', { name: 'Replayed conversation' }).waitFor()
    await page.getByRole('button', { name: 'Reset' }).click()
    await canvas(page).getByRole('textbox', { name: 'Message', exact: true }).waitFor()

    await page.goto(`${demo.url}/#/gallery/tool-call-timeline/approval`)
    await page.getByLabel('Accessible label').fill('What the agents did')
    await canvas(page).getByRole('region', { name: 'What the agents did' }).waitFor()
    await page.getByLabel('Position').focus()
    await page.keyboard.press('End')
    const approval = canvas(page).getByRole('group', { name: 'Approve issue_refund?' })
    await approval.waitFor()
    // In the Gallery an approval is answered locally: the call leaves "awaiting approval".
    await approval.getByRole('button', { name: 'Approve' }).click()
    await expect.poll(() => approval.count()).toBe(0)
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it("a tool renderer of its own keeps the kit's Approve / Reject (ToolCallTimeline.Approval)", async () => {
    const page = await openPage(browser, `${demo.url}/#/gallery/tool-call-timeline/approval`)
    await playback(page).waitFor()
    await page.getByLabel('Position').focus()
    await page.keyboard.press('End')
    const item = canvas(page).getByRole('group', { name: 'Tool issue_refund: Needs approval' })
    await item.waitFor()
    expect(await item.locator('.demo-refund-card').count()).toBe(0)
    await page.getByLabel(/issue_refund as a card of its own/).check()
    const card = item.locator('.demo-refund-card')
    await card.waitFor()
    expect(await seen(card)).toMatch(/^Refund \$\d+\.\d\d on order \S+/)
    const approval = card.getByRole('group', { name: 'Approve issue_refund?' })
    await screenshot(page, 'gallery-refund-card')
    await approval.getByRole('button', { name: 'Reject' }).click()
    await page.keyboard.type('Over the limit')
    await page.keyboard.press('Enter')
    await canvas(page).getByRole('group', { name: 'Tool issue_refund: Rejected' }).waitFor()
    expect(await approval.count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('shows every component in every state without an error', async () => {
    const page = await openPage(browser, `${demo.url}/#/gallery`)
    for (const story of STORIES) {
      for (const state of story.states) {
        await page.goto(`${demo.url}/#/gallery/${story.id}/${state.id}`)
        await page
          .getByRole('heading', {
            level: 1,
            name: new RegExp(`${escapeRegExp(story.title)}.*${escapeRegExp(state.label)}`),
          })
          .waitFor()
        await playback(page).waitFor()
        await page.getByLabel('Position').focus()
        await page.keyboard.press('End')
        const { index, total } = await position(page)
        expect(index, `${story.id}/${state.id}`).toBe(total)
        expect(total, `${story.id}/${state.id}`).toBeGreaterThan(3)
        expect(page.errors, `${story.id}/${state.id}`).toEqual([])
        if (
          [
            'chat/approval',
            'chat/markdown',
            'chat/error',
            'error-notice/truncated',
            'markdown/explain',
          ].includes(`${story.id}/${state.id}`)
        )
          await screenshot(page, `gallery-${story.id}-${state.id}`)
      }
    }
    await page.context().close()
  })

  it('has no serious accessibility violations (axe-core)', async () => {
    const page = await openPage(browser, `${demo.url}/#/gallery/chat/approval`)
    await playback(page).waitFor()
    await page.getByLabel('Position').focus()
    await page.keyboard.press('End')
    expect(await axeViolations(page)).toEqual([])
    await page.context().close()
  })
})
