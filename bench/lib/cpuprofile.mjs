// Summarizes a V8 .cpuprofile (node --cpu-prof, or Chromium's Profiler.stop via CDP): self and total
// time per function (name + file:line), top N.  node lib/cpuprofile.mjs FILE [N]
import { readFileSync } from 'node:fs'

export function summarize(profile, top = 25) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const self = new Map()
  const intervals = profile.timeDeltas ?? []
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]
    self.set(id, (self.get(id) ?? 0) + (intervals[i] ?? 0))
  }
  const key = (node) => {
    const frame = node.callFrame
    const file = frame.url ? frame.url.split('/').slice(-2).join('/') : ''
    return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`
  }
  const selfBy = new Map()
  const totalBy = new Map()
  let all = 0
  for (const [id, time] of self) {
    all += time
    const node = byId.get(id)
    selfBy.set(key(node), (selfBy.get(key(node)) ?? 0) + time)
    const seen = new Set()
    for (let cursor = id; cursor !== undefined; cursor = parent.get(cursor)) {
      const k = key(byId.get(cursor))
      if (seen.has(k)) continue
      seen.add(k)
      totalBy.set(k, (totalBy.get(k) ?? 0) + time)
    }
  }
  const rows = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, time]) => ({ ms: +(time / 1000).toFixed(1), pct: +((100 * time) / all).toFixed(1), name }))
  return { totalMs: all / 1000, self: rows(selfBy), total: rows(totalBy) }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = summarize(JSON.parse(readFileSync(process.argv[2], 'utf8')), Number(process.argv[3] ?? 25))
  console.log(`total ${result.totalMs.toFixed(0)} ms\n-- self`)
  for (const row of result.self)
    console.log(`${String(row.ms).padStart(9)} ${String(row.pct).padStart(5)}%  ${row.name}`)
  console.log('-- total (inclusive)')
  for (const row of result.total)
    console.log(`${String(row.ms).padStart(9)} ${String(row.pct).padStart(5)}%  ${row.name}`)
}
