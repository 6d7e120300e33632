// Whole-process comparison on the 100k-delta AI SDK body: `agentstream replay FILE --json` vs a
// Node script doing the AI SDK's own processing of the same file. Each timed with process.hrtime
// around child_process.spawnSync; median of 5 after one warm-up each.
//   node throughput/cli.mjs [--deltas=100000] [--runs=5]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { makeBody } from '../bodies/index.mjs'
import { benchDir, outDir } from '../lib/build.mjs'
import { median, printTable } from '../lib/measure.mjs'

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=')
    return [key, value ?? 'true']
  }),
)
const deltas = Number(args.deltas ?? 100_000)
const runs = Number(args.runs ?? 5)
const root = join(benchDir, '..')
const cliDir = join(root, 'packages/cli')
const cliBin = join(cliDir, 'bin/agentstream.js')

const body = makeBody('ai-sdk', deltas)
mkdirSync(join(outDir, 'bodies'), { recursive: true })
const file = join(outDir, 'bodies', `ai-sdk-${deltas}.sse`)
writeFileSync(file, body.body)

function note(message) {
  const record = { bench: 'cli', skipped: true, note: message }
  console.log(JSON.stringify(record))
  writeFileSync(join(outDir, 'cli.json'), JSON.stringify([record], null, 1))
}

if (!existsSync(cliBin)) {
  note('packages/cli/bin/agentstream.js is missing: the CLI is not ready; case skipped.')
  process.exit(0)
}
if (!existsSync(join(cliDir, 'dist/main.js'))) {
  console.error('packages/cli/dist is missing: building it with tsup')
  const built = spawnSync('npx', ['tsup'], { cwd: cliDir, encoding: 'utf8' })
  if (built.status !== 0) {
    note(`building packages/cli failed, case skipped: ${built.stderr.trim().split('\n').pop()}`)
    process.exit(0)
  }
}

// packages/cli/dist is built by whoever works on the CLI and may predate the current core: also
// bundle the executable from the current sources (as its tsup config does) into .out/.
const fresh = join(outDir, 'agentstream-src.mjs')
await build({
  entryPoints: [join(cliDir, 'src/main.ts')],
  outfile: fresh,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  logLevel: 'error',
})

const commands = [
  { name: 'ours: agentstream replay --json (bin → dist)', argv: [cliBin, 'replay', file, '--json'] },
  { name: 'ours: same CLI bundled from current src', argv: [fresh, 'replay', file, '--json'] },
  {
    name: 'ai: readUIMessageStream script (64 KiB reads)',
    argv: [join(benchDir, 'throughput/ai-sdk-replay.mjs'), file],
  },
  {
    name: 'ai: readUIMessageStream script (file as one chunk)',
    argv: [join(benchDir, 'throughput/ai-sdk-replay.mjs'), file, '--whole'],
  },
]

function once(argv) {
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, argv, {
    cwd: benchDir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  return { ms, result }
}

// One checked run each: both must print the whole answer.
for (const command of commands) {
  const { result } = once(command.argv)
  if (result.status !== 0) {
    if (command.name.startsWith('ours')) {
      note(`the CLI failed (exit ${result.status}): ${result.stderr.trim().split('\n')[0]}; case skipped.`)
      process.exit(0)
    }
    throw new Error(`${command.name} failed: ${result.stderr}`)
  }
  if (!result.stdout.includes(JSON.stringify(body.answer).slice(1, 2000)))
    throw new Error(`${command.name}: the output does not hold the answer`)
}
const times = commands.map(() => [])
for (let r = 0; r < runs; r++)
  for (const [index, command] of commands.entries()) times[index].push(once(command.argv).ms)

const records = commands.map((command, index) => ({
  bench: 'cli',
  deltas: body.deltas,
  bytes: body.bytes,
  method: command.name,
  medianMs: +median(times[index]).toFixed(1),
  minMs: +Math.min(...times[index]).toFixed(1),
  maxMs: +Math.max(...times[index]).toFixed(1),
  runs,
}))
records.push({
  bench: 'cli-ratio',
  deltas: body.deltas,
  // The bin against the AI SDK's faster variant (streamed reads): the target's measure.
  speedup: +(Math.min(records[2].medianMs, records[3].medianMs) / records[0].medianMs).toFixed(2),
  speedupFromSource: +(Math.min(records[2].medianMs, records[3].medianMs) / records[1].medianMs).toFixed(2),
  speedupVsOneChunk: +(records[3].medianMs / records[0].medianMs).toFixed(2),
  target: 10,
})
for (const record of records) console.log(JSON.stringify(record))
console.log(
  `\nWhole process, ${body.deltas.toLocaleString('en-US')}-delta AI SDK body (${(body.bytes / 1e6).toFixed(2)} MB), median of ${runs}`,
)
printTable(
  records
    .slice(0, 4)
    .map((record) => ({ process: record.method, 'median ms': record.medianMs, 'min ms': record.minMs })),
)
const ratio = records[4]
console.log(
  `ours vs the AI SDK's faster variant: ${ratio.speedup}× (bin), ${ratio.speedupFromSource}× (current src); target ≥ 10×`,
)
writeFileSync(join(outDir, 'cli.json'), JSON.stringify(records, null, 1))
