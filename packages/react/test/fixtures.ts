export type { Fixture } from '../../core/test/recorded'
export { fixture, fixturesDir, hasFixture, route } from '../../core/test/recorded'

import type { RecordedRequest, ReplayRoute } from '@agentstream/core/testing'
import { createReplayFetch } from '@agentstream/core/testing'
import { fixture } from '../../core/test/recorded'

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
