// Timing and heap helpers shared by the Node benchmarks.
import { getHeapStatistics } from 'node:v8'

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const collect = () => globalThis.gc?.()

/**
 * Peak heap of one call above the heap after a full GC: `fn(tick)` calls `tick()` often (per event
 * or chunk); every 256th tick samples V8's used heap. An untimed pass of its own.
 */
export async function peakHeap(fn) {
  collect()
  const base = getHeapStatistics().used_heap_size
  let peak = base
  let count = 0
  const tick = () => {
    if ((++count & 255) !== 0) return
    const used = getHeapStatistics().used_heap_size
    if (used > peak) peak = used
  }
  await fn(tick)
  const end = getHeapStatistics().used_heap_size
  if (end > peak) peak = end
  return (peak - base) / 1024 / 1024
}

export function printTable(rows) {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0])
  const cells = rows.map((row) => columns.map((column) => String(row[column] ?? '')))
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...cells.map((row) => row[index].length)),
  )
  const line = (values) => values.map((value, index) => value.padStart(widths[index])).join('  ')
  console.log(line(columns))
  console.log(widths.map((width) => '-'.repeat(width)).join('  '))
  for (const row of cells) console.log(line(row))
}

export const fmt = (value, digits = 1) =>
  value === undefined || value === null || Number.isNaN(value) ? '' : Number(value).toFixed(digits)
