// Runs the benchmarks: `node run.mjs` (all), or `node run.mjs throughput|size|render [flags]`.
// Each prints one JSON line per case and a readable table, and writes .out/<name>.json.
//   throughput: headless decode (all six protocols, 1k/10k/100k deltas) vs the JSON.parse floor and
//               the AI SDK, the 10k-history case, then the whole-process CLI comparison
//   size:       min+gzip of our entries and the AI SDK's comparable ones
//   render:     headless Chromium pages: ours (ui Chat, bare hooks) vs useChat (± throttle)
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { benchDir, bundleForNode } from './lib/build.mjs'

const [which = 'all', ...flags] = process.argv.slice(2)
const known = ['all', 'throughput', 'size', 'render']
if (!known.includes(which)) {
  console.error(`usage: node run.mjs [${known.join('|')}] [flags]`)
  process.exit(2)
}

function node(args) {
  const result = spawnSync(process.execPath, args, { cwd: benchDir, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`bench: node ${args.join(' ')} failed (exit ${result.status})`)
    process.exitCode = 1
  }
}

if (which === 'all' || which === 'throughput') {
  const bundle = await bundleForNode('throughput/main.mjs', 'throughput')
  node(['--expose-gc', bundle, ...flags])
  node([join(benchDir, 'throughput/cli.mjs')])
}
if (which === 'all' || which === 'size') node([join(benchDir, 'size/main.mjs'), ...flags])
if (which === 'all' || which === 'render') node([join(benchDir, 'render/main.mjs'), ...flags])
