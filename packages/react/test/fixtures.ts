import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RunSummary } from '@agentstream/core'
import type { RecordedRequest, ReplayOptions, ReplayRoute } from '@agentstream/core/testing'
import { createReplayFetch } from '@agentstream/core/testing'

/** The recorded fixtures of the core (`<protocol>/<name>.sse` + `.summary.json` + `.headers.json`). */
const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '../../core/src/protocols/__fixtures__')

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

/** The fixture's final assistant text (its summary's text parts, joined). */
export function summaryText(name: string): string {
  return fixture(name)
    .summary.messages.map((message) => message.text)
    .join('')
}

/**
 * `createReplayFetch` that also keeps each request's `AbortSignal`, to assert that stop / unmount
 * really abort the request.
 */
export function trackedReplayFetch(
  routes: readonly (ReplayRoute | ((request: RecordedRequest) => ReplayRoute))[],
): typeof fetch & { requests: RecordedRequest[]; signals: AbortSignal[] } {
  const replay = createReplayFetch(routes)
  const signals: AbortSignal[] = []
  const tracked = (input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.signal) signals.push(init.signal)
    return replay(input, init)
  }
  return Object.assign(tracked as typeof fetch, { requests: replay.requests, signals })
}
