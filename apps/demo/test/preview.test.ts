/**
 * The production build: `vite build`, then `vite preview` of it (the same plugin mounts the
 * endpoints), in Chromium: all three pages work from the static bundle.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserSuite,
  buildDemo,
  type Demo,
  launchBrowser,
  openPage,
  REPO_ROOT,
  SKIP_BROWSER,
  screenshot,
  startDemo,
} from './helpers'

const OUT_DIR = join(REPO_ROOT, '.artifacts/demo-dist')

describe('vite build + vite preview', () => {
  let demo: Demo

  beforeAll(async () => {
    await buildDemo(OUT_DIR)
    demo = await startDemo({ mode: 'preview', outDir: OUT_DIR, tokenDelay: 2, thinkDelay: 0, toolDelay: 20 })
  })
  afterAll(async () => {
    await demo?.close()
  })

  it('builds a static bundle (sources compiled, no workspace build needed)', async () => {
    const assets = await readdir(join(OUT_DIR, 'assets'))
    expect(assets.some((name) => name.endsWith('.js'))).toBe(true)
    expect(assets.some((name) => name.endsWith('.css'))).toBe(true)
    const html = await readFile(join(OUT_DIR, 'index.html'), 'utf8')
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[^"]+\.js">/)
    const index = await fetch(`${demo.url}/`)
    expect(await index.text()).toContain('<div id="root"></div>')
  })

  it('serves the endpoints from vite preview', async () => {
    expect(await (await fetch(`${demo.url}/api/info`)).json()).toMatchObject({ model: 'scripted' })
    const fixtures = (await (await fetch(`${demo.url}/api/fixtures`)).json()) as unknown[]
    expect(fixtures.length).toBeGreaterThan(100)
    const replay = await fetch(`${demo.url}/api/fixtures/ag-ui/text?pace=0`)
    expect(replay.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const agent = await fetch(`${demo.url}/api/agent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'What’s the weather in Oslo?' }),
    })
    expect(await agent.text()).toContain('"name":"handoff_occurred"')
  })

  describe.skipIf(SKIP_BROWSER)(browserSuite('in Chromium'), () => {
    let browser: Browser
    beforeAll(async () => {
      browser = await launchBrowser()
    })
    afterAll(async () => {
      await browser?.close()
    })

    it('the chat, the connect page and the gallery work from the build', async () => {
      const page = await openPage(browser, `${demo.url}/#/chat`)
      await page.getByText('Model: scripted (offline)').waitFor()
      await page.getByRole('button', { name: /What’s the weather in Oslo\?/ }).click()
      const conversation = page.getByRole('region', { name: 'Conversation', exact: true })
      await conversation
        .getByRole('separator', { name: 'Triage Agent handed off to Weather Agent' })
        .waitFor()
      await conversation.getByText(/In Oslo it’s 4 °C right now/).waitFor()
      await screenshot(page, 'preview-chat')

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connect' }).click()
      await page.getByRole('button', { name: 'AG-UI' }).click()
      const input = page.getByRole('textbox', { name: 'Message', exact: true })
      await input.fill('Replay')
      await input.press('Enter')
      await page.getByText('Detected: ag-ui').waitFor()
      await conversation.getByText('Anything else I can help with?').waitFor()

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Gallery' }).click()
      await page.getByRole('toolbar', { name: 'Playback' }).waitFor()
      expect(page.errors).toEqual([])
      await page.context().close()
    })
  })
})
