export type { Fixture } from '../../core/test/recorded'
export { fixture, fixturesDir, hasFixture, route } from '../../core/test/recorded'

import type { AgentEvent, AgentStream, AgentStreamOptions, ProtocolName, RunEvent } from '@agentstream/core'
import { createAgentStream, decodeBody } from '@agentstream/core'
import { createReplayStore } from '@agentstream/core/testing'
import { fixture } from '../../core/test/recorded'

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
