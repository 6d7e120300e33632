/**
 * Measures what `@agentstream/ui` costs an app: the entry bundled with everything it pulls in
 * (marked included), minified, ESM, with React and the @agentstream packages external, then gzipped.
 *
 *   cd packages/ui && npx tsx scripts/size.ts
 */

import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const budget = 30 * 1024

async function measure(label: string, contents: string, external: string[] = []) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    write: false,
    external: ['react', 'react-dom', '@agentstream/*', ...external],
    conditions: ['source'],
    metafile: true,
  })
  const code = result.outputFiles[0]!.contents
  const gzip = gzipSync(code, { level: 9 }).length
  console.log(
    `${label.padEnd(34)} ${(code.length / 1024).toFixed(1).padStart(6)} KB min  ${(gzip / 1024).toFixed(1).padStart(5)} KB min+gzip`,
  )
  return gzip
}

const total = await measure('@agentstream/ui (everything)', "export * from './src/index.ts'")
await measure('marked (Lexer only, as used)', "export { Lexer } from 'marked'")
await measure('@agentstream/ui without marked', "export * from './src/index.ts'", ['marked'])
console.log(total <= budget ? `within the ${budget / 1024} KB budget` : `OVER the ${budget / 1024} KB budget`)
if (total > budget) process.exitCode = 1
