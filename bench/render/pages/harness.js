// In-page measurement shared by every page: React commits (a <Profiler onRender> counter), animation
// frames, long tasks, and the moment the final text is in the DOM (a MutationObserver notices the
// body's unique last delta; the next requestAnimationFrame — the frame that paints it — stops the
// clock). The runner calls `window.__bench.run()` once the page is ready.
export const params = new URLSearchParams(location.search)
export const apiUrl = `/api/chat?${params.toString()}`
const marker = params.get('marker') ?? ''
export const historyCount = Number(params.get('history') ?? 200)

// Experiment (`?yield=1`, pages ours-ui-yield and ours-hook-yield): a fetch whose body hands over
// at most 16 KiB per read and yields to the event loop once 8 ms of work went by since the last
// yield. It was the prototype of the core's own slicing (`streamSse` now feeds ≤ 16 KiB at a time
// and yields after 16 ms), kept to reproduce the "before / after" rows of bench/README.md: a burst
// the browser has buffered arrives as one read (1.4 MB for 20k deltas), which the core used to
// decode in one go.
export const slicedFetch = async (input, init) => {
  const response = await fetch(input, init)
  const reader = response.body.getReader()
  let pending = null
  let since = performance.now()
  const yieldToEventLoop = () =>
    new Promise((resolve) => {
      const channel = new MessageChannel()
      channel.port1.onmessage = resolve
      channel.port2.postMessage(0)
    })
  const body = new ReadableStream({
    async pull(controller) {
      if (performance.now() - since > 8) {
        await yieldToEventLoop()
        since = performance.now()
      }
      if (!pending || pending.length === 0) {
        const { done, value } = await reader.read()
        if (done) return controller.close()
        pending = value
      }
      controller.enqueue(pending.subarray(0, 16_384))
      pending = pending.subarray(16_384)
    },
    cancel: (reason) => reader.cancel(reason),
  })
  return new Response(body, { status: response.status, headers: response.headers })
}

const words =
  'the agent streams tokens while tools run and handoffs move the conversation between agents over a long afternoon of weather questions'.split(
    ' ',
  )
/** The earlier conversation: `count` messages, user and assistant in turn, a few sentences each. */
export function historyMessages(count) {
  const messages = []
  for (let i = 0; i < count; i++) {
    const length = 12 + ((i * 7) % 40)
    let text = ''
    for (let w = 0; w < length; w++) text += `${w ? ' ' : ''}${words[(i * 3 + w) % words.length]}`
    messages.push({ id: `h${i}`, role: i % 2 ? 'assistant' : 'user', text: `${text}.` })
  }
  return messages
}

const bench = {
  ready: false,
  commits: 0,
  commitLog: [],
  longTasks: [],
  send: undefined,
}
window.__bench = bench

export function onRender(_id, _phase, actualDuration, _baseDuration, startTime, commitTime) {
  bench.commits++
  bench.commitLog.push({ renderStart: startTime, renderMs: actualDuration, commit: commitTime })
}

try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      bench.longTasks.push({ start: entry.startTime, duration: entry.duration })
  }).observe({ type: 'longtask' })
} catch {
  bench.noLongTasks = true
}

/**
 * The page calls this once its history is rendered, with how to send the message. `follow`: keep
 * #root scrolled to the bottom every frame, as a chat does (for pages without a stick-to-bottom of
 * their own), so that the final text is on screen when it is painted.
 */
export function ready(send, { follow = false } = {}) {
  bench.send = send
  if (follow) {
    const root = document.getElementById('root')
    const stick = () => {
      root.scrollTop = root.scrollHeight
      requestAnimationFrame(stick)
    }
    stick()
  }
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => (bench.ready = true), 50)))
}

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))

bench.run = () =>
  new Promise((resolve, reject) => {
    let found = false
    const observer = new MutationObserver((records) => {
      if (found) return
      for (const record of records) {
        if (record.type === 'characterData') {
          if (record.target.data.includes(marker)) found = true
        } else {
          for (const node of record.addedNodes) if (node.textContent?.includes(marker)) found = true
        }
        if (found) break
      }
    })
    observer.observe(document.body, { subtree: true, childList: true, characterData: true })
    bench.commits = 0
    bench.commitLog.length = 0
    bench.longTasks.length = 0
    let frames = 0
    const start = performance.now()
    const timeout = setTimeout(() => reject(new Error('timed out waiting for the final text')), 240_000)
    const tick = async () => {
      frames++
      if (!found) {
        requestAnimationFrame(tick)
        return
      }
      const painted = performance.now()
      const commits = bench.commits
      observer.disconnect()
      clearTimeout(timeout)
      // Let the long-task entries of the last frames arrive.
      await frame()
      await frame()
      await new Promise((done) => setTimeout(done, 100))
      const tasks = bench.longTasks.filter((task) => task.start >= start - 1 && task.start <= painted)
      resolve({
        wallMs: painted - start,
        commits,
        frames,
        longTasks: tasks.length,
        longTaskTotalMs: tasks.reduce((sum, task) => sum + task.duration, 0),
        longestTaskMs: tasks.reduce((max, task) => Math.max(max, task.duration), 0),
        noLongTaskApi: bench.noLongTasks === true,
        // For --verbose: when each long task and React commit happened, relative to the send.
        taskLog: tasks.map((task) => ({ start: +(task.start - start).toFixed(1), ms: task.duration })),
        commitLog: bench.commitLog.slice(0, commits).map((entry) => ({
          renderStart: +(entry.renderStart - start).toFixed(1),
          renderMs: +entry.renderMs.toFixed(1),
          commit: +(entry.commit - start).toFixed(1),
        })),
      })
    }
    requestAnimationFrame(tick)
    bench.send()
  })
