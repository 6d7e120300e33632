// Bundle size: min+gzip of each @agentstream package entry (the CI budget gate, size-limit with
// .size-limit.json, run as is on the built packages) and of comparable entries of ours and of the
// AI SDK, each bundled whole with its own dependencies (only react / react-dom external), with
// esbuild (platform browser).
//   node size/main.mjs
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { benchDir, outDir } from '../lib/build.mjs'
import { printTable } from '../lib/measure.mjs'

const root = join(benchDir, '..')
const records = []
const emit = (record) => {
  records.push(record)
  console.log(JSON.stringify(record))
}

// 1. The budget gate, unchanged (each package alone: the other @agentstream packages external).
const sizeLimit = join(root, 'node_modules', 'size-limit', 'bin.js')
const gate = spawnSync(process.execPath, [sizeLimit, '--json'], { cwd: root, encoding: 'utf8' })
let gateRows = []
try {
  gateRows = JSON.parse(gate.stdout.slice(gate.stdout.indexOf('[')))
} catch {
  console.error(`size-limit printed no JSON (build the packages first):\n${gate.stderr.trim()}`)
}
for (const row of gateRows) emit({ bench: 'size-budget', ...row })

// 2. Comparable entries, each with everything it pulls in (react and react-dom external).
const entries = [
  {
    group: 'headless: decode a body',
    name: 'ours: decodeBody',
    code: "export { decodeBody } from '@agentstream/core'",
  },
  {
    group: 'headless: decode a body',
    name: 'ai: readUIMessageStream + parseJsonEventStream + uiMessageChunkSchema',
    code: "export { readUIMessageStream, parseJsonEventStream, uiMessageChunkSchema } from 'ai'",
  },
  {
    group: 'headless: chat client',
    name: 'ours: createAgentStream',
    code: "export { createAgentStream } from '@agentstream/core'",
  },
  {
    group: 'headless: chat client',
    name: 'ai: AbstractChat (Chat) + DefaultChatTransport',
    code: "export { AbstractChat, DefaultChatTransport } from 'ai'",
  },
  {
    group: 'headless: whole entry',
    name: 'ours: @agentstream/core (all)',
    code: "export * from '@agentstream/core'",
  },
  {
    group: 'React hook',
    name: 'ours: useAgentStream (+ core)',
    code: "export { useAgentStream } from '@agentstream/react'",
  },
  {
    group: 'React hook',
    name: 'ours: @agentstream/react (all, + core)',
    code: "export * from '@agentstream/react'",
  },
  {
    group: 'React hook',
    name: 'ai: useChat (@ai-sdk/react + ai)',
    code: "export { useChat } from '@ai-sdk/react'",
  },
  {
    group: 'components',
    name: 'ours: @agentstream/ui (all, + react pkg + core + marked)',
    code: "export * from '@agentstream/ui'",
  },
]

async function measure(code) {
  const result = await build({
    stdin: { contents: code, resolveDir: benchDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    // 'browser' as an app's bundler would: the AI SDK's dependency tree (via @ai-sdk/gateway →
    // @vercel/oidc) does not build on 'neutral'; the gate's own settings are otherwise kept.
    platform: 'browser',
    conditions: ['source'],
    external: ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/*'],
    write: false,
    logLevel: 'silent',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  const bytes = result.outputFiles[0].contents
  return { minifiedBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length }
}

for (const entry of entries) {
  try {
    emit({ bench: 'size', group: entry.group, entry: entry.name, ...(await measure(entry.code)) })
  } catch (error) {
    emit({
      bench: 'size',
      group: entry.group,
      entry: entry.name,
      error: String(error.message).split('\n')[0],
    })
  }
}

const kb = (bytes) => (bytes === undefined ? '' : `${(bytes / 1024).toFixed(2)} KB`)
console.log('\nBudget gate (size-limit, .size-limit.json: each package alone, the others external)')
printTable(
  gateRows.map((row) => ({
    package: row.name,
    'min+gzip': `${row.size.toLocaleString('en')} B`,
    budget: `${row.sizeLimit.toLocaleString('en')} B`,
    'within budget': row.passed ? 'yes' : 'NO',
  })),
)
console.log('\nComparable entries (everything bundled but react / react-dom; min+gzip)')
printTable(
  records
    .filter((record) => record.bench === 'size')
    .map((record) => ({
      group: record.group,
      entry: record.entry,
      minified: kb(record.minifiedBytes),
      'min+gzip': record.error ? `error: ${record.error}` : kb(record.gzipBytes),
    })),
)
mkdirSync(outDir, { recursive: true })
writeFileSync(join(outDir, 'size.json'), JSON.stringify(records, null, 1))
