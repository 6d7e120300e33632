import { createSseFramer } from '@agentstream/core'
import { describe, expect, it } from 'vitest'
import { createRunId, encodeFrame, formatEventId, parseEventId, resumeTargetOf } from '../src'

describe('event ids', () => {
  it('round-trip <runId>:<seq>, also for run ids with colons', () => {
    expect(parseEventId(formatEventId('run_abc', 12))).toEqual({ runId: 'run_abc', seq: 12 })
    expect(parseEventId('a:b:3')).toEqual({ runId: 'a:b', seq: 3 })
    for (const bad of ['', 'run', ':3', 'run:', 'run:x', 'run:-1', 'run:1.5', null, undefined])
      expect(parseEventId(bad)).toBeUndefined()
    expect(createRunId()).toMatch(/^run_[0-9a-f]{32}$/)
  })

  it('resume targets come from Last-Event-ID or the query', () => {
    const headers = (value?: string) => new Headers(value ? { 'last-event-id': value } : {})
    const url = (query = '') => new URL(`http://x/api${query}`)
    expect(resumeTargetOf(headers('run_1:4'), url())).toEqual({ runId: 'run_1', afterSeq: 4 })
    expect(resumeTargetOf(headers(), url('?runId=run_1&lastEventId=run_1:4'))).toEqual({
      runId: 'run_1',
      afterSeq: 4,
    })
    expect(resumeTargetOf(headers(), url('?runId=run_1&lastEventId=4'))).toEqual({
      runId: 'run_1',
      afterSeq: 4,
    })
    expect(resumeTargetOf(headers(), url('?runId=run_1'))).toEqual({ runId: 'run_1', afterSeq: -1 })
    expect(resumeTargetOf(headers(), url())).toBeUndefined()
    expect(resumeTargetOf(headers('garbage'), url())).toBeUndefined()
  })
})

describe('encodeFrame', () => {
  it('writes id, event and one data line per line, readable by an SSE parser', () => {
    const text =
      encodeFrame({ id: 'run_1:0', data: '{"a":1}' }) +
      encodeFrame({ id: 'run_1:1', event: 'response.created', data: 'line one\r\nline two\rthree\nfour' }) +
      encodeFrame({ retry: 250, data: '[DONE]' })
    expect(text.startsWith('id: run_1:0\ndata: {"a":1}\n\n')).toBe(true)
    const messages: { id?: string; event?: string; data: string }[] = []
    const framer = createSseFramer({ onMessage: (message) => messages.push(message) })
    framer.feed(new TextEncoder().encode(text))
    framer.end()
    expect(messages.map(({ id, event, data }) => ({ id, event, data }))).toEqual([
      { id: 'run_1:0', event: undefined, data: '{"a":1}' },
      { id: 'run_1:1', event: 'response.created', data: 'line one\nline two\nthree\nfour' },
      { id: undefined, event: undefined, data: '[DONE]' },
    ])
  })
})
