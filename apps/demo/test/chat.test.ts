/**
 * The Chat page in Chromium against the embedded agents (offline scripted model, realistic pace):
 * a handoff with a tool call, an approval, stop mid-answer, a failing tool, accessibility.
 */
import { copyFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  axeViolations,
  browserSuite,
  DEMO_ROOT,
  type Demo,
  launchBrowser,
  openPage,
  SKIP_BROWSER,
  screenshot,
  seen,
  startDemo,
} from './helpers'

describe.skipIf(SKIP_BROWSER)(browserSuite('Chat page (Chromium)'), () => {
  let demo: Demo
  let browser: Browser

  beforeAll(async () => {
    ;[demo, browser] = await Promise.all([startDemo(), launchBrowser()])
  })
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation', exact: true })
  const chatStatus = (page: Page) => page.locator('.as-chat').first().getAttribute('data-status')

  it('sends a suggested prompt: the handoff, the tool call and the final answer', async () => {
    const page = await openPage(browser, `${demo.url}/#/chat`)
    await page.getByText('Model: scripted (offline)').waitFor()
    await page.getByRole('button', { name: /What’s the weather in Oslo\?/ }).click()

    const messages = conversation(page)
    await messages.getByText('What’s the weather in Oslo?').waitFor()
    await messages.getByRole('separator', { name: 'Triage Agent handed off to Weather Agent' }).waitFor()
    await messages.getByRole('group', { name: 'Tool get_weather: Done' }).waitFor()
    await messages.getByText(/In Oslo it’s 4 °C right now/).waitFor()
    await expect.poll(() => chatStatus(page), { timeout: 30_000 }).toBe('done')

    const trail = page.getByRole('navigation', { name: 'Agents in this run' })
    expect(await seen(trail)).toMatch(/Triage Agent[\s\S]*Weather Agent/)
    const timeline = page.getByRole('region', { name: 'Tool call timeline' })
    await timeline.getByRole('group', { name: 'Tool get_weather: Done' }).waitFor()
    expect(await seen(timeline)).toContain('"city": "Oslo"')
    expect(await seen(page.getByRole('complementary', { name: 'Run details' }))).toMatch(/Weather Agent/)

    const shot = await screenshot(page, 'chat-weather')
    if (process.env.UPDATE_SCREENSHOT === '1') await copyFile(shot, join(DEMO_ROOT, 'screenshot.png'))
    expect((await stat(shot)).size).toBeLessThan(300_000)
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('approves a tool: the refund waits for the human, then runs', async () => {
    const page = await openPage(browser, `${demo.url}/#/chat`)
    await page.getByRole('button', { name: /I need a refund for order A1001/ }).click()
    const messages = conversation(page)
    await messages.getByRole('separator', { name: 'Triage Agent handed off to Billing Agent' }).waitFor()
    const approval = messages.getByRole('group', { name: 'Approve issue_refund?' })
    await approval.waitFor()
    await expect.poll(() => chatStatus(page), { timeout: 30_000 }).toBe('interrupted')
    expect(await seen(messages.getByRole('group', { name: 'Tool issue_refund: Needs approval' }))).toContain(
      '"order_id": "A1001"',
    )
    await screenshot(page, 'chat-approval')

    await approval.getByRole('button', { name: 'Approve' }).click()
    await messages.getByText(/Done! ✅ I refunded \$129\.00 for order A1001/).waitFor()
    await messages.getByRole('group', { name: 'Tool issue_refund: Done' }).waitFor()
    await expect.poll(() => chatStatus(page), { timeout: 30_000 }).toBe('done')
    expect(await messages.getByRole('group', { name: 'Approve issue_refund?' }).count()).toBe(0)
    await screenshot(page, 'chat-approved')
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('stops mid-answer: status stopped, the partial text stays', async () => {
    const page = await openPage(browser, `${demo.url}/#/chat`)
    await page.getByRole('button', { name: /Explain how you work/ }).click()
    const messages = conversation(page)
    await messages.getByText(/Happy to! This demo is a small/).waitFor()
    await page.waitForTimeout(600)
    await page.getByRole('button', { name: 'Stop generating' }).click()
    await expect.poll(() => chatStatus(page), { timeout: 30_000 }).toBe('stopped')

    const assistant = messages.locator('.as-message[data-role="assistant"]').last()
    const partial = await seen(assistant)
    expect(partial).toContain('Happy to!')
    expect(partial).not.toContain('replay recorded streams one event at a time')
    await page.waitForTimeout(1_500)
    expect(await seen(assistant)).toBe(partial)
    await page.getByRole('button', { name: 'Retry' }).waitFor()
    expect(await page.getByRole('textbox', { name: 'Message', exact: true }).isEditable()).toBe(true)
    await screenshot(page, 'chat-stopped')
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('a failing tool: the output carries the error and the agent explains it', async () => {
    const page = await openPage(browser, `${demo.url}/#/chat`, { colorScheme: 'dark' })
    await page.getByRole('button', { name: /Check the status of order Z999/ }).click()
    const messages = conversation(page)
    await messages.getByText(/I’m sorry — I couldn’t check order Z999/).waitFor()
    const timeline = page.getByRole('region', { name: 'Tool call timeline' })
    expect(await seen(timeline)).toContain('Error: Order service timed out after 3 retries')
    await expect.poll(() => chatStatus(page), { timeout: 30_000 }).toBe('done')
    await screenshot(page, 'chat-failing-tool-dark')

    // The conversation goes on: a second prompt from the chips.
    await page
      .getByRole('list', { name: 'Suggested prompts' })
      .getByRole('button', { name: 'Weather in Oslo', exact: true })
      .click()
    await messages.getByText(/In Oslo it’s 4 °C right now/).waitFor()
    expect(await messages.locator('.as-message[data-role="user"]').count()).toBe(2)
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('a model error: the partial text stays, Retry sends the request again', async () => {
    const page = await openPage(browser, `${demo.url}/#/chat`)
    await page.getByRole('button', { name: /Simulate a model error/ }).click()
    const messages = conversation(page)
    const notice = messages.locator('.as-error[data-kind="server"]')
    await notice.waitFor({ timeout: 30_000 })
    expect(await seen(notice)).toContain(
      'The model is overloaded right now (a simulated outage). Press Retry.',
    )
    await messages.getByText(/Let me look into that for you/).waitFor({ timeout: 30_000 })
    await expect.poll(() => chatStatus(page), { timeout: 30_000 }).toBe('error')
    await screenshot(page, 'chat-error')
    await notice.getByRole('button', { name: 'Retry' }).click()
    await messages.getByText(/That worked on the second try/).waitFor({ timeout: 30_000 })
    await expect.poll(() => chatStatus(page), { timeout: 30_000 }).toBe('done')
    expect(await messages.locator('.as-message[data-role="user"]').count()).toBe(1)
    expect(await messages.locator('.as-error').count()).toBe(0)
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('has no serious accessibility violations (axe-core)', async () => {
    const page = await openPage(browser, `${demo.url}/#/chat`)
    await page.getByText('Model: scripted (offline)').waitFor()
    expect(await axeViolations(page)).toEqual([])
    await page.getByRole('button', { name: /What’s the weather in Oslo\?/ }).click()
    await conversation(page)
      .getByText(/In Oslo it’s 4 °C right now/)
      .waitFor()
    expect(await axeViolations(page)).toEqual([])
    await page.context().close()
  })
})
