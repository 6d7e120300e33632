// The recorded fixtures, for the tests of every package in this workspace (not shipped).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunSummary } from '../src/summary'
import type { ReplayOptions, ReplayRoute } from '../src/testing/index'

/** `<protocol>/<name>.sse` + `.summary.json` (+ `.headers.json`). */
export const fixturesDir = join(import.meta.dirname, '../src/protocols/__fixtures__')

export interface Fixture {
  name: string
  body: string
  headers: Record<string, string>
  summary: RunSummary
}

export function hasFixture(name: string): boolean {
  return existsSync(join(fixturesDir, `${name}.sse`))
}

export function fixture(name: string): Fixture {
  const base = join(fixturesDir, name)
  const headersFile = `${base}.headers.json`
  return {
    name,
    body: readFileSync(`${base}.sse`, 'utf8'),
    headers: existsSync(headersFile) ? JSON.parse(readFileSync(headersFile, 'utf8')) : {},
    summary: JSON.parse(readFileSync(`${base}.summary.json`, 'utf8')),
  }
}

/** A replay route serving a recorded fixture with its recorded headers. */
export function route(name: string, options: ReplayOptions = {}): ReplayRoute {
  const recorded = fixture(name)
  return { body: recorded.body, headers: recorded.headers, ...options }
}
