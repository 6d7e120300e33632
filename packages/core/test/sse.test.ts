import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SseMessage } from '../src/protocols/types'
import { createSseFramer } from '../src/sse'

function frame(body: string | Uint8Array, splits: number[] = []): SseMessage[] {
  const messages: SseMessage[] = []
  const framer = createSseFramer({ onMessage: (message) => messages.push(message) })
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
  let start = 0
  for (const split of [...splits].sort((a, b) => a - b)) {
    framer.feed(bytes.subarray(start, split))
    start = split
  }
  framer.feed(bytes.subarray(start))
  framer.end()
  return messages
}

const body =
  '\uFEFFevent: response.created\nid: 1\ndata: {"a":"°—👋…"}\n\n: ping\n\ndata: line one\ndata: line two\n\nretry: 10\ndata:{"b":2}\n\n'
const expected: SseMessage[] = [
  { event: 'response.created', id: '1', data: '{"a":"°—👋…"}' },
  { data: 'line one\nline two' },
  { data: '{"b":2}' },
]

describe('createSseFramer', () => {
  it('frames LF, CRLF and lone-CR bodies alike, dropping the BOM and comments', () => {
    expect(frame(body)).toEqual(expected)
    expect(frame(body.replace(/\n/g, '\r\n'))).toEqual(expected)
    expect(frame(body.replace(/\n/g, '\r'))).toEqual(expected)
  })

  it('gives the same messages however the bytes are split (inside characters too)', () => {
    const bytes = new TextEncoder().encode(body.replace(/\n/g, '\r\n'))
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }),
        (splits) => {
          expect(frame(bytes, splits)).toEqual(expected)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('drops a frame the stream cut off before its blank line', () => {
    expect(frame('data: whole\n\ndata: half')).toEqual([{ data: 'whole' }])
  })
})
