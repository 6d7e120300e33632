// Browser render: one page per library in headless Chromium, all fed by the same local SSE server
// replaying the same AI SDK body (2,000 / 20,000 deltas, in one burst or paced at 1 delta/ms) over
// 200 earlier messages. Reports wall time to the final text painted, React commits, animation
// frames, long tasks and heap at the end; median of --runs (3) per case.
//   node render/main.mjs [--deltas=2000,20000] [--modes=burst,paced] [--pages=ours-ui,...] [--runs=3]
//                        [--profile=PAGE:DELTAS:MODE]   (writes a Chromium CPU profile of one run)
//                        [--trace=PAGE:DELTAS:MODE]     (a performance trace of one run: long tasks by event)
//                        [--unique-paragraphs]          (no paragraph of the answer repeats; see bodyFor)
//                        [--verbose]                    (per run: when each long task and commit happened)
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { answerDeltas, makeBody, parseFrames } from '../bodies/index.mjs'
import { benchDir, outDir } from '../lib/build.mjs'
import { summarize } from '../lib/cpuprofile.mjs'
import { fmt, median, printTable } from '../lib/measure.mjs'
import { printTraceSummary, summarizeTrace } from '../lib/trace.mjs'

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=')
    return [key, value ?? 'true']
  }),
)
const deltaSizes = (args.deltas ?? '2000,20000').split(',').map(Number)
const modes = (args.modes ?? 'burst,paced').split(',')
const runs = Number(args.runs ?? 3)
const HISTORY = 200

const allPages = [
  { id: 'ours-ui', entry: 'ours-ui.jsx', label: 'ours: @agentstream/ui Chat', css: true },
  {
    id: 'ours-ui-yield',
    entry: 'ours-ui.jsx',
    label: 'experiment: ui Chat, fetch body time-sliced (8 ms)',
    css: true,
    query: { yield: '1' },
    optional: true,
  },
  { id: 'ours-hook', entry: 'ours-hook.jsx', label: 'ours: useAgentStream + useMessageIds/useMessage' },
  {
    id: 'ours-hook-yield',
    entry: 'ours-hook.jsx',
    label: 'experiment: hooks, fetch body time-sliced (8 ms)',
    query: { yield: '1' },
    optional: true,
  },
  { id: 'ai-usechat', entry: 'ai-usechat.jsx', label: 'ai: useChat' },
  {
    id: 'ai-usechat-throttled',
    entry: 'ai-usechat.jsx',
    label: 'ai: useChat experimental_throttle 50',
    query: { throttle: '50' },
  },
]
const pages = args.pages
  ? allPages.filter((page) => args.pages.split(',').includes(page.id))
  : allPages.filter((page) => !page.optional)

// ---------- pages ----------
const renderOut = join(outDir, 'render')
await build({
  entryPoints: [...new Set(pages.map((page) => join(benchDir, 'render/pages', page.entry)))],
  outdir: renderOut,
  bundle: true,
  // Unminified for --profile, so that the profile names the kit's functions.
  minify: !args.profile && !args.trace,
  format: 'esm',
  platform: 'browser',
  target: 'chrome120',
  conditions: ['source'],
  jsx: 'automatic',
  // Production React, with the profiling build of react-dom so that <Profiler onRender> fires.
  alias: { 'react-dom/client': 'react-dom/profiling' },
  define: { 'process.env.NODE_ENV': '"production"' },
  sourcemap: 'linked',
  logLevel: 'warning',
})
const uiCss = readFileSync(join(benchDir, '../packages/ui/src/styles.css'), 'utf8')
const baseCss = `html,body{margin:0;height:100%;font:15px/1.45 system-ui,sans-serif}
#root{height:100vh;overflow:auto}.list{padding:16px;max-width:760px;margin:0 auto}
.message{margin:8px 0;padding:8px 12px;border-radius:8px;background:#f3f4f6}.message.user{background:#dbeafe}
.message p{margin:0;white-space:pre-wrap}.tool{font-size:12px;color:#555}`
const html = (page) => `<!doctype html><html><head><meta charset="utf-8"><title>${page.id}</title>
<style>${page.css ? uiCss : baseCss}</style>${page.css ? '<style>#root{height:100vh}.as-chat{height:100%}</style>' : ''}
</head><body><div id="root"></div><script type="module" src="/${page.entry.replace(/\.jsx$/, '.js')}"></script></body></html>`

// ---------- bodies: the AI SDK body, its last delta a unique marker the pages look for ----------
const bodies = new Map()
function bodyFor(deltas) {
  if (!bodies.has(deltas)) {
    const marker = `zqxj${deltas}end`
    let texts = answerDeltas(deltas - 1)
    // The recorded answer's deltas, cycled, repeat its 18 paragraphs: a renderer that caches by
    // block source (ours does) lexes 18 of the 161 blocks of a 20k answer. --unique-paragraphs
    // numbers every paragraph, as a real answer's would all differ.
    if (args['unique-paragraphs']) {
      let paragraph = 0
      texts = texts.map((text) => text.replaceAll('\n\n', () => `\n\n(${++paragraph}) `))
    }
    const generated = makeBody('ai-sdk', deltas, { texts: [...texts, ` ${marker}.`] })
    const frames = generated.body
      .split('\n\n')
      .filter(Boolean)
      .map((frame) => `${frame}\n\n`)
    const parsed = parseFrames(generated.body)
    const lastTextId = parsed.findLast((frame) => frame.json?.type === 'text-delta').json.id
    const isAnswerDelta = (frame) => frame.json?.type === 'text-delta' && frame.json.id === lastTextId
    const first = parsed.findIndex(isAnswerDelta)
    const last = parsed.findLastIndex(isAnswerDelta)
    bodies.set(deltas, {
      marker,
      headers: generated.headers,
      body: generated.body,
      bytes: generated.bytes,
      head: frames.slice(0, first).join(''),
      deltas: frames.slice(first, last + 1),
      tail: frames.slice(last + 1).join(''),
    })
  }
  return bodies.get(deltas)
}

// ---------- the SSE server ----------
const activeTimers = new Set()
const server = createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1')
  if (url.pathname === '/api/chat') {
    request.resume()
    const deltas = Number(url.searchParams.get('deltas'))
    const mode = url.searchParams.get('mode')
    const body = bodyFor(deltas)
    response.socket.setNoDelay(true)
    response.writeHead(200, body.headers)
    if (mode !== 'paced') {
      response.end(body.body)
      return
    }
    // Paced: 1 delta per ms on average, written every 4 ms.
    response.write(body.head)
    const start = performance.now()
    let sent = 0
    const timer = setInterval(() => {
      const due = Math.min(body.deltas.length, Math.floor(performance.now() - start))
      if (due > sent) {
        response.write(body.deltas.slice(sent, due).join(''))
        sent = due
      }
      if (sent >= body.deltas.length) {
        clearInterval(timer)
        activeTimers.delete(timer)
        response.end(body.tail)
      }
    }, 4)
    activeTimers.add(timer)
    response.on('close', () => {
      clearInterval(timer)
      activeTimers.delete(timer)
    })
    return
  }
  const page = allPages.find((candidate) => url.pathname === `/${candidate.id}.html`)
  if (page) {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(html(page))
    return
  }
  const file = url.pathname.slice(1)
  if (/^[\w-]+\.js(\.map)?$/.test(file)) {
    try {
      const content = readFileSync(join(renderOut, file))
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' })
      response.end(content)
      return
    } catch {}
  }
  response.writeHead(404)
  response.end()
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const origin = `http://127.0.0.1:${server.address().port}`

// ---------- the browser ----------
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})

const traceCategories = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8',
  'v8.execute',
  'blink',
  'blink.user_timing',
]

async function runOnce(page, deltas, mode, { profile = false, trace = false, screenshot = false } = {}) {
  const body = bodyFor(deltas)
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const tab = await context.newPage()
  const errors = []
  tab.on('pageerror', (error) => errors.push(error.message))
  const query = new URLSearchParams({
    deltas: String(deltas),
    mode,
    marker: body.marker,
    history: String(HISTORY),
    ...page.query,
  })
  await tab.goto(`${origin}/${page.id}.html?${query}`)
  await tab.waitForFunction(() => window.__bench?.ready === true, null, { timeout: 60_000 })
  const cdp = await context.newCDPSession(tab)
  const before = await cdp.send('Runtime.getHeapUsage')
  if (profile) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    await cdp.send('Profiler.start')
  }
  if (trace) await browser.startTracing(tab, { categories: traceCategories })
  let metrics
  try {
    metrics = await tab.evaluate(() => window.__bench.run())
  } catch (error) {
    await context.close()
    throw new Error(`${page.id} ${deltas} ${mode}: ${error.message} ${errors.join('; ')}`)
  }
  let cpuProfile
  if (profile) cpuProfile = (await cdp.send('Profiler.stop')).profile
  const traceBuffer = trace ? await browser.stopTracing() : undefined
  const end = await cdp.send('Runtime.getHeapUsage')
  await cdp.send('HeapProfiler.collectGarbage')
  const retained = await cdp.send('Runtime.getHeapUsage')
  const inDom = await tab.evaluate((marker) => document.body.textContent.includes(marker), body.marker)
  if (!inDom) throw new Error(`${page.id}: the final text is not in the DOM`)
  if (screenshot) await tab.screenshot({ path: join(renderOut, `${page.id}-${deltas}-${mode}.png`) })
  await context.close()
  return {
    ...metrics,
    heapEndMB: end.usedSize / 1024 / 1024,
    heapRetainedMB: retained.usedSize / 1024 / 1024,
    heapBeforeMB: before.usedSize / 1024 / 1024,
    errors,
    cpuProfile,
    traceBuffer,
  }
}

const records = []
const emit = (record) => {
  records.push(record)
  console.log(JSON.stringify(record))
}

try {
  if (args.trace) {
    const [pageId, deltas, mode] = args.trace.split(':')
    const page = allPages.find((candidate) => candidate.id === pageId)
    const result = await runOnce(page, Number(deltas), mode, { trace: true })
    const file = join(renderOut, `${pageId}-${deltas}-${mode}.trace.json`)
    writeFileSync(file, result.traceBuffer)
    console.log(
      `wall ${fmt(result.wallMs)} ms, commits ${result.commits}, frames ${result.frames}, longest task ${fmt(result.longestTaskMs)} ms; trace: ${file}`,
    )
    printTraceSummary(
      summarizeTrace(JSON.parse(result.traceBuffer.toString('utf8')), Number(args.threshold ?? 30)),
    )
  } else if (args.profile) {
    const [pageId, deltas, mode] = args.profile.split(':')
    const page = allPages.find((candidate) => candidate.id === pageId)
    const result = await runOnce(page, Number(deltas), mode, { profile: true })
    const file = join(renderOut, `${pageId}-${deltas}-${mode}.cpuprofile`)
    writeFileSync(file, JSON.stringify(result.cpuProfile))
    const summary = summarize(result.cpuProfile, 30)
    console.log(
      `wall ${fmt(result.wallMs)} ms, commits ${result.commits}, frames ${result.frames}, longest task ${fmt(result.longestTaskMs)} ms; profile: ${file}`,
    )
    for (const row of summary.self)
      console.log(`${String(row.ms).padStart(9)} ${String(row.pct).padStart(5)}%  ${row.name}`)
    console.log('-- inclusive')
    for (const row of summary.total)
      console.log(`${String(row.ms).padStart(9)} ${String(row.pct).padStart(5)}%  ${row.name}`)
  } else {
    for (const deltas of deltaSizes) {
      for (const mode of modes) {
        for (const page of pages) {
          const results = []
          for (let r = 0; r < runs; r++)
            results.push(
              await runOnce(page, deltas, mode, {
                screenshot: r === 0 && deltas === deltaSizes[0] && mode === modes[0],
              }),
            )
          if (args.verbose)
            for (const result of results)
              console.log(
                `  ${page.id} wall ${fmt(result.wallMs)} ms; long tasks ${JSON.stringify(result.taskLog)}; commits ${JSON.stringify(result.commitLog)}`,
              )
          const pick = (key) => median(results.map((result) => result[key]))
          emit({
            bench: 'render',
            page: page.id,
            label: page.label,
            deltas,
            mode,
            history: HISTORY,
            runs,
            wallMs: +pick('wallMs').toFixed(1),
            commits: pick('commits'),
            frames: pick('frames'),
            longTasks: pick('longTasks'),
            longTaskTotalMs: +pick('longTaskTotalMs').toFixed(1),
            longestTaskMs: +pick('longestTaskMs').toFixed(1),
            heapEndMB: +pick('heapEndMB').toFixed(1),
            heapRetainedMB: +pick('heapRetainedMB').toFixed(1),
            wallMsRuns: results.map((result) => +result.wallMs.toFixed(1)),
            longestTaskMsRuns: results.map((result) => result.longestTaskMs),
            pageErrors: results.flatMap((result) => result.errors).slice(0, 3),
          })
        }
      }
    }
  }
} finally {
  for (const timer of activeTimers) clearInterval(timer)
  await browser.close()
  server.close()
}

if (!args.profile && !args.trace) {
  console.log(`\nBrowser render (headless Chromium; ${HISTORY} earlier messages; median of ${runs})`)
  printTable(
    records.map((record) => ({
      deltas: record.deltas,
      mode: record.mode,
      page: record.label,
      'final text painted ms': fmt(record.wallMs, 0),
      commits: record.commits,
      frames: record.frames,
      'long tasks': record.longTasks,
      'long-task total ms': fmt(record.longTaskTotalMs, 0),
      'longest ms': fmt(record.longestTaskMs, 0),
      'heap end MB': fmt(record.heapEndMB, 1),
    })),
  )
  const burst = records.filter((record) => record.deltas === 20_000 && record.mode === 'burst')
  const aiBest = Math.min(
    ...burst.filter((record) => record.page.startsWith('ai-')).map((record) => record.wallMs),
  )
  const targets = burst
    .filter((record) => record.page === 'ours-ui' || record.page === 'ours-hook')
    .map((record) => ({
      bench: 'render-target',
      page: record.page,
      wallVsAiBest: +(record.wallMs / aiBest).toFixed(3),
      wallOk: record.wallMs <= 0.25 * aiBest,
      longestTaskOk: record.longestTaskMs <= 50,
      commitsOk: record.commits <= record.frames,
    }))
  if (targets.length && Number.isFinite(aiBest)) {
    console.log(
      '\nTargets, 20,000-delta burst: wall ≤ 25% of the AI SDK best, no long task > 50 ms, commits ≤ frames',
    )
    for (const target of targets) emit(target)
  }
  const name = `${args.pages ? `render-${pages.map((page) => page.id).join('+')}` : 'render'}${args['unique-paragraphs'] ? '-unique' : ''}`
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(records, null, 1))
}
