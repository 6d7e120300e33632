import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../src/reduce'
import { reduce } from '../src/reduce'
import type { RunState } from '../src/state'
import { initialRunState, selectMessages } from '../src/state'

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

function run(events: RunEvent[], from: RunState = initialRunState): RunState {
  return events.reduce((state, event) => reduce(deepFreeze(state), deepFreeze(event)), from)
}

const conversation: RunEvent[] = [
  { type: 'user-message', id: 'u1', text: 'Weather in Oslo?' },
  { type: 'request-start' },
  { type: 'request-open', protocol: 'openai-agents' },
  { type: 'message-start', messageId: 'm1' },
  { type: 'text-delta', messageId: 'm1', delta: 'Let me ' },
  { type: 'text-delta', messageId: 'm1', delta: 'check.' },
  { type: 'agent-update', agent: 'Triage' },
  { type: 'handoff', from: 'Triage', to: 'Weather' },
  { type: 'tool-call-start', callId: 'c1', name: 'get_weather' },
  { type: 'tool-call-args-delta', callId: 'c1', delta: '{"city":"Os' },
]

describe('reduce', () => {
  it('never mutates its input (frozen state and events throughout a run)', () => {
    expect(() => run(conversation)).not.toThrow()
  })

  it.each([
    ['a stop', { type: 'request-stop' }, 'stopped'],
    ['an error', { type: 'run-error', error: { kind: 'network', message: 'Lost.' } }, 'error'],
  ] as const)('settles every unfinished call and marks the cut-off message at %s', (_name, end, status) => {
    const state = run([
      ...conversation.slice(0, 7),
      { type: 'tool-call-start', callId: 'c0', name: 'lookup' },
      { type: 'tool-call-end', callId: 'c0', argsText: '{}' },
      // The handoff moves the streaming message on: c0 is in a settled message now.
      ...conversation.slice(7),
      { type: 'tool-call-start', callId: 'c2', name: 'get_time' },
      end,
    ])
    expect(state.status).toBe(status)
    expect(Object.values(state.toolCalls).map((call) => [call.callId, call.status])).toEqual([
      ['c0', status],
      ['c1', status],
      ['c2', status],
    ])
    expect(selectMessages(state).at(-1)?.status).toBe(status)
  })

  it('reopens what a dropped connection cut off when the request resumes the run', () => {
    const dropped = run([
      ...conversation,
      { type: 'tool-call-end', callId: 'c1', argsText: '{"city":"Oslo"}' },
      { type: 'run-error', error: { kind: 'network', message: 'Lost.' } },
    ])
    expect(dropped.toolCalls.c1?.status).toBe('error')
    const resumed = reduce(dropped, { type: 'request-start', resume: true })
    expect(resumed.status).toBe('connecting')
    expect(resumed.toolCalls.c1?.status).toBe('running')
    expect(resumed.streamingMessage).toMatchObject({ agent: 'Weather', status: 'streaming' })
    expect(resumed.messages).toHaveLength(dropped.messages.length - 1)
    // A fresh request settles it as before.
    expect(reduce(dropped, { type: 'request-start' }).streamingMessage).toBeNull()
  })

  it("keeps a clean end's calls running, for the caller to run", () => {
    const state = run([...conversation, { type: 'run-finish', outcome: 'done' }])
    expect(state.toolCalls.c1?.status).toBe('running')
    expect(selectMessages(state).at(-1)?.status).toBe('done')
  })

  it('returns the same object for an event that changes nothing', () => {
    const state = run(conversation)
    expect(reduce(state, { type: 'unknown', name: 'x', raw: {} })).toBe(state)
    expect(reduce(state, { type: 'text-delta', messageId: 'm2', delta: '' })).toBe(state)
    expect(reduce(state, { type: 'agent-update', agent: 'Weather' })).toBe(state)
    expect(reduce(state, { type: 'message-end', messageId: 'missing' })).toBe(state)
    const ended = reduce(state, { type: 'tool-call-end', callId: 'c1', argsText: '{"city":"Oslo"}' })
    expect(reduce(ended, { type: 'tool-call-end', callId: 'c1', argsText: '{"city":"Oslo"}' })).toBe(ended)
    const stepped = reduce(state, { type: 'step-start', name: 'plan' })
    expect(reduce(stepped, { type: 'step-start', name: 'plan' })).toBe(stepped)
  })

  it('attributes the first tokens to the agent named after them', () => {
    const state = run(conversation)
    const [user, triage] = selectMessages(state)
    expect(user?.role).toBe('user')
    expect(triage?.agent).toBe('Triage')
    expect(triage?.parts[0]).toMatchObject({ type: 'text', text: 'Let me check.', agent: 'Triage' })
  })

  it('starts a new message at a handoff, with the handoff as its first part', () => {
    const state = run(conversation)
    expect(state.handoffs).toEqual([{ from: 'Triage', to: 'Weather' }])
    expect(state.agent).toBe('Weather')
    expect(state.streamingMessage?.agent).toBe('Weather')
    expect(state.streamingMessage?.parts[0]).toEqual({ type: 'handoff', from: 'Triage', to: 'Weather' })
    expect(state.toolCalls.c1).toMatchObject({
      agent: 'Weather',
      status: 'streaming-arguments',
      args: { city: 'Os' },
    })
  })

  it('shares structure: a token copies neither the history nor settled messages', () => {
    const before = run(conversation)
    const after = reduce(before, { type: 'text-delta', messageId: 'm3', delta: 'Sunny' })
    expect(after.messages).toBe(before.messages)
    expect(after.toolCalls).toBe(before.toolCalls)
    expect(after.messages[1]).toBe(before.messages[1])
    expect(after.streamingMessage).not.toBe(before.streamingMessage)
  })

  it('walks a tool call through approval, denial and results', () => {
    let state = run([
      { type: 'request-start' },
      { type: 'tool-call-start', callId: 'c1', name: 'book' },
      { type: 'tool-call-end', callId: 'c1', argsText: '{"seat":"1A"}' },
      { type: 'tool-approval-request', callId: 'c1', name: 'book' },
      { type: 'run-finish', outcome: 'done' },
    ])
    expect(state.status).toBe('interrupted')
    expect(state.approvals).toEqual([{ callId: 'c1', name: 'book', args: { seat: '1A' } }])
    expect(state.toolCalls.c1?.status).toBe('awaiting-approval')
    state = reduce(state, { type: 'approval-response', callId: 'c1', approved: false, reason: 'no' })
    expect(state.approvals).toEqual([])
    expect(state.toolCalls.c1).toMatchObject({ status: 'denied', deniedReason: 'no' })
    state = reduce(state, { type: 'tool-call-result', callId: 'c1', output: 'ok' })
    expect(state.toolCalls.c1).toMatchObject({ status: 'done', output: 'ok' })
  })

  it('keeps an error final: a trailing finish does not turn it into done', () => {
    const state = run([
      { type: 'request-start' },
      { type: 'text-delta', messageId: 'm', delta: 'partial' },
      { type: 'run-error', error: { kind: 'server', message: 'boom' } },
      { type: 'run-finish', outcome: 'done' },
    ])
    expect(state.status).toBe('error')
    expect(state.error).toEqual({ kind: 'server', message: 'boom' })
    expect(selectMessages(state)[0]?.parts[0]).toMatchObject({ text: 'partial', state: 'done' })
  })

  it('calls a stream that ends without its terminal event truncated', () => {
    const state = run([
      { type: 'request-start' },
      { type: 'text-delta', messageId: 'm', delta: 'cut' },
      { type: 'request-end' },
    ])
    expect(state.status).toBe('error')
    expect(state.error?.kind).toBe('truncated')
  })

  it('tells a stop from an error and keeps the partial answer', () => {
    const state = run([
      { type: 'request-start' },
      { type: 'text-delta', messageId: 'm', delta: 'half' },
      { type: 'request-stop' },
    ])
    expect(state.status).toBe('stopped')
    expect(state.error).toBeNull()
    expect(state.messages[0]?.parts[0]).toMatchObject({ text: 'half' })
  })

  it('applies shared state snapshots and RFC 6902 patches, replaces data parts by id', () => {
    const state = run([
      { type: 'request-start' },
      { type: 'state-snapshot', snapshot: { items: ['a'], count: 1 } },
      {
        type: 'state-patch',
        patch: [
          { op: 'add', path: '/items/-', value: 'b' },
          { op: 'replace', path: '/count', value: 2 },
        ],
      },
      { type: 'data-part', dataType: 'weather', id: 'w', data: { status: 'loading' } },
      { type: 'data-part', dataType: 'weather', id: 'w', data: { status: 'done' } },
      { type: 'data-part', dataType: 'notice', data: 'x', transient: true },
    ])
    expect(state.sharedState).toEqual({ items: ['a', 'b'], count: 2 })
    expect(state.streamingMessage?.parts).toEqual([
      { type: 'data', dataType: 'weather', id: 'w', data: { status: 'done' } },
    ])
  })

  it('counts skipped frames', () => {
    const state = run([
      { type: 'frame-skipped', reason: 'bad', data: '{' },
      { type: 'frame-skipped', reason: 'bad', data: '{' },
    ])
    expect(state.skippedFrames).toBe(2)
  })

  it('keeps per-token work flat as history grows (no history copy per delta)', () => {
    let state: RunState = initialRunState
    for (let index = 0; index < 2000; index++) {
      state = reduce(state, { type: 'user-message', id: `u${index}`, text: 'hi' })
    }
    const history = state.messages
    for (let index = 0; index < 100; index++)
      state = reduce(state, { type: 'text-delta', messageId: 'm', delta: 'x' })
    expect(state.messages).toBe(history)
  })
})
