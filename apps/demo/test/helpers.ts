import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium, type Locator, type Page } from 'playwright-core'

export const DEMO_ROOT = fileURLToPath(new URL('..', import.meta.url))
export const REPO_ROOT = join(DEMO_ROOT, '../..')
export const FIXTURES = join(REPO_ROOT, 'packages/core/src/protocols/__fixtures__')
export const ARTIFACTS = join(REPO_ROOT, '.artifacts/demo')

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH)
/** Skip browser tests without chromium, except under `CI=true`, where launching fails the run. */
export const SKIP_BROWSER = !HAS_CHROMIUM && process.env.CI !== 'true'
export const SKIP_REASON = `chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`
if (SKIP_BROWSER) console.warn(`Browser tests skipped: ${SKIP_REASON}.`)

/** A browser suite's title, with the reason when it is skipped. */
export const browserSuite = (title: string) => (SKIP_BROWSER ? `${title} — skipped: ${SKIP_REASON}` : title)

export interface Demo {
  url: string
  close(): Promise<void>
}

export interface DemoOptions {
  /** `dev` (default): the Vite dev server; `preview`: `vite preview` of a build in `outDir`. */
  mode?: 'dev' | 'preview'
  outDir?: string
  /** Scripted model and tool timings, ms (defaults: the demo's realistic pace). */
  tokenDelay?: number
  thinkDelay?: number
  toolDelay?: number
  /** More environment for the server (for example `DEMO_MODEL: 'openai'`). */
  env?: Record<string, string>
}

function runServeScript(args: string[], env: Record<string, string | undefined>, until: RegExp) {
  // Its own process, without the test worker's `--conditions source` (see serve.mjs).
  const child = spawn(process.execPath, [join(DEMO_ROOT, 'test/serve.mjs'), ...args], {
    cwd: DEMO_ROOT,
    env: { ...process.env, ...env, NODE_OPTIONS: '', DEMO_EXIT_WITH_PARENT: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output.push(data.toString())
      const match = until.exec(output.join(''))
      if (match) resolve(match[1] ?? '')
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (data: Buffer) => output.push(data.toString()))
    child.once('exit', (code) =>
      reject(new Error(`serve.mjs ${args.join(' ')} exited (${code}):\n${output.join('')}`)),
    )
  })
  return { child, ready, output }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/**
 * Starts the demo on 127.0.0.1 (a free port) with the offline scripted model, whatever the
 * environment says: Vite's `createServer` (or `preview` of a build), in a child process.
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const env = {
    DEMO_MODEL: 'scripted',
    DEMO_TOKEN_DELAY: options.tokenDelay?.toString(),
    DEMO_THINK_DELAY: options.thinkDelay?.toString(),
    DEMO_TOOL_DELAY: options.toolDelay?.toString(),
    ...options.env,
  }
  const args = options.mode === 'preview' ? ['preview', options.outDir ?? join(DEMO_ROOT, 'dist')] : ['dev']
  const { child, ready } = runServeScript(args, env, /READY (\S+)/)
  const url = await ready
  return { url, close: () => stopChild(child) }
}

/** `vite build` of the demo into `outDir`. */
export async function buildDemo(outDir: string): Promise<void> {
  const { child, ready } = runServeScript(['build', outDir], {}, /(BUILT)/)
  await ready
  await stopChild(child)
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

/** A page that records console errors and uncaught exceptions (`page.errors`). */
export async function openPage(
  browser: Browser,
  url: string,
  options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1360, height: options.height ?? 860 },
    colorScheme: options.colorScheme ?? 'light',
    acceptDownloads: true,
  })
  const page = (await context.newPage()) as Page & { errors: string[] }
  page.errors = []
  page.on('pageerror', (error) => page.errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    // A request the test made fail on purpose (unreachable endpoint) is logged by the browser.
    if (message.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(message.text()))
      page.errors.push(`console: ${message.text()}`)
  })
  await page.goto(url)
  return page
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path })
  return path
}

export interface FixtureSummary {
  protocol: string
  status: string
  error: string | null
  messages: { text: string; agent: string | null }[]
  toolCalls: { name: string; status: string }[]
  handoffs: { from: string | null; to: string }[]
}

export async function readSummary(path: string): Promise<FixtureSummary> {
  return JSON.parse(await readFile(join(FIXTURES, `${path}.summary.json`), 'utf8')) as FixtureSummary
}

export async function readFixtureBytes(path: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(FIXTURES, `${path}.sse`)))
}

/** The visible text of a summary's messages, as the chat shows them (one block per message). */
export function summaryText(summary: FixtureSummary): string {
  return summary.messages.map((message) => message.text).join('')
}

export async function ensureDir(path: string) {
  await mkdir(dirname(path), { recursive: true })
}

const require = createRequire(import.meta.url)

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function axeViolations(page: Page, exclude: string[] = []): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') })
  const result = (await page.evaluate(
    (excluded) =>
      (
        window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<unknown> } }
      ).axe.run({ exclude: excluded.map((selector) => [selector]) }, { resultTypes: ['violations'] }),
    exclude,
  )) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    )
}

/** The text a user sees: Playwright's `innerText` (layout-aware), not `textContent`. */
export async function seen(locator: Locator): Promise<string> {
  // Markdown blocks are `content-visibility: auto`: a block that just arrived counts as rendered
  // from the next rendering update on, which is also when it is first painted. Read after it.
  await locator
    .page()
    .evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, where innerText is the rendered text
  return locator.innerText()
}

/** The Gallery's playback toolbar. */
export const galleryPlayback = (page: Page) => page.getByRole('toolbar', { name: 'Playback' })

/** The Gallery's canvas, where the story's component renders. */
export const galleryCanvas = (page: Page) => page.locator('.demo-canvas')

/** Where the Gallery's playback is: event `index` of `total`, read from its output ("3 / 12 · …"). */
export async function playbackPosition(page: Page): Promise<{ index: number; total: number }> {
  const [index, total] = (await seen(galleryPlayback(page).locator('output')))
    .split('·')[0]!
    .split('/')
    .map((part) => Number(part.trim()))
  return { index: index!, total: total! }
}
