import { describe, expect, it } from 'vitest'
import { createStreamDecoder } from '../src/decode'
import type { AgentEvent } from '../src/events'

describe('createStreamDecoder with protocol detection', () => {
  it('shows a plain-text endpoint’s first words at once, without waiting for the detection window', () => {
    const events: AgentEvent[] = []
    const decoder = createStreamDecoder({ protocol: 'auto', onEvent: (event) => events.push(event) })
    decoder.push({ data: 'Hello' })
    expect(decoder.protocol).toBe('text')
    expect(events.filter((event) => event.type === 'text-delta')).toHaveLength(1)
  })

  it('still waits on frames that may be JSON of a protocol not yet named', () => {
    const decoder = createStreamDecoder({ protocol: 'auto', onEvent: () => {} })
    decoder.push({ data: '{"note":"nothing decisive"}' })
    decoder.push({ data: '[DONE]' })
    expect(decoder.protocol).toBeUndefined()
  })
})
