// Bundles a bench entry with esbuild so that the workspace packages run from their TypeScript
// source (`source` export condition) without a build step; third-party packages stay external and
// load from bench/node_modules as users would get them.
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..')
export const outDir = join(benchDir, '.out')

export async function bundleForNode(entry, name) {
  mkdirSync(outDir, { recursive: true })
  const outfile = join(outDir, `${name}.mjs`)
  await build({
    entryPoints: [join(benchDir, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    external: [
      'ai',
      '@ai-sdk/*',
      'react',
      'react-dom',
      'react/*',
      'react-dom/*',
      'esbuild',
      'playwright-core',
    ],
    sourcemap: 'linked',
    logLevel: 'warning',
  })
  return outfile
}
