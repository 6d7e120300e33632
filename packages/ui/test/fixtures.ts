import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type {
  AgentEvent,
  AgentStream,
  AgentStreamOptions,
  ProtocolName,
  RunEvent,
  RunSummary,
} from '@agentstream/core'
import { createAgentStream, decodeBody } from '@agentstream/core'
import type { ReplayOptions, ReplayRoute } from '@agentstream/core/testing'
import { createReplayStore } from '@agentstream/core/testing'

/** The core's recorded fixtures: `<protocol>/<name>.sse` + `.headers.json` + `.summary.json`. */
export const fixturesDir = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../core/src/protocols/__fixtures__',
)

export interface Fixture {
  name: string
  body: string
  headers: Record<string, string>
  summary: RunSummary
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

/**
 * The events a recorded fixture decodes to, framed as a live request would be: `request-start`,
 * `request-open`, the decoded events, `request-end`. Dispatch them one by one to look at every
 * intermediate state.
 */
export function fixtureEvents(name: string, body?: string): RunEvent[] {
  const recorded = fixture(name)
  const events: AgentEvent[] = []
  const state = decodeBody(body ?? recorded.body, {
    headers: recorded.headers,
    onEvent: (event) => events.push(event),
  })
  return [
    { type: 'request-start' },
    { type: 'request-open', protocol: state.protocol as ProtocolName },
    ...events,
    { type: 'request-end' },
  ]
}

/**
 * A store that publishes every dispatched event at once, for stepping through recorded events.
 * (`batch: 'sync'` alone publishes only the first change of a run: its scheduler's no-op cancel
 * handle is stored after the publish cleared it. Flushing after each event sidesteps that.)
 */
export function syncStore(options: AgentStreamOptions = {}): AgentStream {
  const store = createAgentStream({ url: 'http://agentstream.test/replay', batch: 'sync', ...options })
  const dispatch = store.dispatch
  store.dispatch = (event) => {
    dispatch(event)
    store.flush()
  }
  return store
}

/** `createReplayStore` publishing once per microtask, so that intermediate states reach the UI. */
export function replayStore(
  routes: Parameters<typeof createReplayStore>[0],
  options: AgentStreamOptions = {},
): ReturnType<typeof createReplayStore> {
  return createReplayStore(routes, { batch: 'microtask', ...options })
}
