// Summarizes a Chromium performance trace (Tracing via CDP, devtools.timeline categories): every task
// on the page's main thread longer than `threshold` ms, as a tree of what it ran (events of the same
// name under one parent merged), so that a long task tells script (RunMicrotasks, FunctionCall),
// animation-frame callbacks, style and layout (UpdateLifecycle) and GC apart. The JS profiler alone
// shows all the rendering work as "(program)".
//   node lib/trace.mjs FILE [threshold-ms] [depth]
import { readFileSync } from 'node:fs'

export function summarizeTrace(trace, threshold = 30) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents
  // The page's main thread: the CrRendererMain thread with the most script on it.
  const mainThreads = new Set(
    events
      .filter(
        (event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain',
      )
      .map((event) => `${event.pid}:${event.tid}`),
  )
  const scriptCount = new Map()
  for (const event of events) {
    const thread = `${event.pid}:${event.tid}`
    if ((event.name === 'FunctionCall' || event.name === 'RunMicrotasks') && mainThreads.has(thread))
      scriptCount.set(thread, (scriptCount.get(thread) ?? 0) + 1)
  }
  const main = [...scriptCount].sort((a, b) => b[1] - a[1])[0]?.[0]
  const complete = events
    .filter(
      (event) => `${event.pid}:${event.tid}` === main && event.ph === 'X' && typeof event.dur === 'number',
    )
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur)
  const origin = complete[0]?.ts ?? 0
  const roots = []
  const stack = []
  for (const event of complete) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= event.ts) stack.pop()
    const node = { name: event.name, ts: event.ts, dur: event.dur, children: [] }
    if (stack.length) stack.at(-1).children.push(node)
    else roots.push(node)
    stack.push(node)
  }
  return roots
    .filter((root) => root.dur / 1000 >= threshold)
    .map((root) => ({ ...merge(root), startMs: round((root.ts - origin) / 1000) }))
}

const round = (value) => +value.toFixed(1)

function merge(node) {
  const byName = new Map()
  for (const child of node.children) {
    const merged = byName.get(child.name) ?? { name: child.name, dur: 0, count: 0, children: [] }
    merged.dur += child.dur
    merged.count++
    merged.children.push(...child.children)
    byName.set(child.name, merged)
  }
  return {
    name: node.name,
    ms: round(node.dur / 1000),
    count: node.count ?? 1,
    children: [...byName.values()].sort((a, b) => b.dur - a.dur).map(merge),
  }
}

export function printTraceSummary(tasks, depth = 3) {
  if (tasks.length === 0) console.log('no task over the threshold')
  const print = (node, level) => {
    if (level > depth || node.ms < 0.8) return
    const count = node.count > 1 ? ` (${node.count}×)` : ''
    console.log(`${'  '.repeat(level)}${String(node.ms).padStart(6)} ms ${node.name}${count}`)
    for (const child of node.children) print(child, level + 1)
  }
  for (const task of tasks) {
    console.log(`task at ${task.startMs} ms: ${task.ms} ms`)
    for (const child of task.children) print(child, 1)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const trace = JSON.parse(readFileSync(process.argv[2], 'utf8'))
  printTraceSummary(summarizeTrace(trace, Number(process.argv[3] ?? 30)), Number(process.argv[4] ?? 3))
}
