/**
 * A recorded stream as a list of events to dispatch one at a time: the body is decoded with the
 * core's `decodeBody` (collecting every event), framed by the events the store itself adds around a
 * request (`user-message`, `request-start`, `request-open`, `request-end`).
 */
import type { RunEvent } from '@agentstream/core'
import { decodeBody, initialRunState, reduce } from '@agentstream/core'

export interface Recording {
  /** `openai-agents/handoff`, `demo/explain`, … */
  source: string
  url: string
  protocol: string
  bytes: number
  frames: number
  events: RunEvent[]
}

export async function loadRecording(source: string, url: string, prompt?: string): Promise<Recording> {
  const response = await fetch(`${url}${url.includes('?') ? '&' : '?'}pace=0`)
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  const bytes = new Uint8Array(await response.arrayBuffer())
  return decodeRecording(source, url, bytes, response.headers, prompt)
}

export function decodeRecording(
  source: string,
  url: string,
  bytes: Uint8Array,
  headers: Headers | Record<string, string>,
  prompt?: string,
): Recording {
  const decoded: RunEvent[] = []
  let frames = 0
  const final = decodeBody(bytes, {
    headers,
    onEvent: (event) => decoded.push(event),
    onMessage: () => {
      frames++
    },
  })
  const protocol = final.protocol ?? 'text'
  const events: RunEvent[] = [
    ...(prompt ? [{ type: 'user-message' as const, id: `prompt-${source}`, text: prompt }] : []),
    { type: 'request-start' },
    { type: 'request-open', protocol },
    ...decoded,
  ]
  // A body cut inside a frame is noticed by the framer, not by a decoder: no event carries it.
  const replayed = events.reduce(reduce, initialRunState)
  if (final.error && !replayed.error) events.push({ type: 'run-error', error: final.error })
  events.push({ type: 'request-end' })
  return { source, url, protocol, bytes: bytes.byteLength, frames, events }
}
