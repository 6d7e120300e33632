import type { AgentStreamOptions } from '@agentstream/core'
import { createAgentStream, messageText } from '@agentstream/core'
import { createReplayFetch } from '@agentstream/core/testing'
import { cleanup, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  AgentStreamProvider,
  useAgentStream,
  useAgentStreamContext,
  useCurrentAgent,
  useHandoffs,
  useRunStatus,
  useToolCalls,
} from '../src/index'
import { fixture, route, summaryText } from './fixtures'
import { type ChatRef, Probe, renderChat, assistantText as text } from './harness'

afterEach(cleanup)

function Trail() {
  const handoffs = useHandoffs()
  const agent = useCurrentAgent()
  const status = useRunStatus()
  const calls = useToolCalls()
  return (
    <p data-testid="trail">
      {status}|{agent}|{handoffs.map((handoff) => `${handoff.from}>${handoff.to}`).join(',')}|
      {calls.map((call) => call.name).join(',')}
    </p>
  )
}

function SendButton() {
  const store = useAgentStreamContext()
  return (
    <button type="button" onClick={() => void store.send('Weather in Oslo?')}>
      send
    </button>
  )
}

function ProvidedApp({ fetch }: { fetch: typeof globalThis.fetch }) {
  const chat = useAgentStream({ url: '/api/agent', fetch })
  return (
    <AgentStreamProvider store={chat.store}>
      <section>
        <Trail />
        <SendButton />
      </section>
    </AgentStreamProvider>
  )
}

function Lost() {
  useRunStatus()
  return null
}

function LostContext() {
  useAgentStreamContext()
  return null
}

describe('useAgentStream', () => {
  it('streams a recorded run into chat.* (openai-agents handoff)', async () => {
    const recorded = fixture('openai-agents/handoff')
    const fetch = createReplayFetch([route('openai-agents/handoff', { chunkSizes: 'random', seed: 3 })])
    const { result } = renderChat({ url: '/api/agent', protocol: 'auto', fetch })
    expect(result.current.status).toBe('idle')
    expect(result.current.isRunning).toBe(false)

    const sent = result.current.send('What is the weather in Oslo?')
    await sent
    await waitFor(() => expect(result.current.status).toBe(recorded.summary.status))

    const chat = result.current
    expect(chat.messages[0]).toMatchObject({ role: 'user' })
    expect(messageText(chat.messages[0]!)).toBe('What is the weather in Oslo?')
    expect(text(chat)).toBe(summaryText('openai-agents/handoff'))
    expect(chat.agent).toBe(recorded.summary.agent)
    expect(chat.handoffs).toEqual(recorded.summary.handoffs)
    expect(chat.toolCalls.map(({ callId, name, status }) => ({ callId, name, status }))).toEqual(
      recorded.summary.toolCalls.map(({ callId, name, status }) => ({ callId, name, status })),
    )
    expect(chat.error).toBeNull()
    expect(chat.approvals).toEqual([])
    expect(chat.state.protocol).toBe('openai-agents')
    expect(fetch.requests).toHaveLength(1)
    expect(fetch.requests[0]).toMatchObject({ url: '/api/agent', method: 'POST' })
  })

  it('makes no request before send, and keeps one store across re-renders', async () => {
    const fetch = createReplayFetch([route('ai-sdk/text')])
    const { result, rerender } = renderChat({ url: '/api/agent', fetch })
    const store = result.current.store
    rerender({ url: '/api/agent', fetch, headers: { authorization: 'Bearer 1' } })
    rerender({ url: '/api/agent', fetch, headers: { authorization: 'Bearer 2' } })
    expect(result.current.store).toBe(store)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(fetch.requests).toHaveLength(0)

    await result.current.send('Hi')
    // The latest props' request options were used.
    expect(fetch.requests).toHaveLength(1)
    expect(fetch.requests[0]!.headers.authorization).toBe('Bearer 2')
    await waitFor(() => expect(text(result.current)).toBe(summaryText('ai-sdk/text')))
  })

  it('calls the latest callbacks, never a stale closure', async () => {
    const recorded = fixture('openai-agents/handoff')
    const fetch = createReplayFetch([route('openai-agents/handoff')])
    const stale = {
      onEvent: vi.fn(),
      onFinish: vi.fn(),
      onToolCall: vi.fn(),
      onHandoff: vi.fn(),
      onError: vi.fn(),
    }
    const fresh = {
      onEvent: vi.fn(),
      onFinish: vi.fn(),
      onToolCall: vi.fn(),
      onHandoff: vi.fn(),
      onError: vi.fn(),
    }
    const { result, rerender } = renderChat({ url: '/api/agent', fetch, ...stale })
    rerender({ url: '/api/agent', fetch, ...fresh })
    await result.current.send('What is the weather in Oslo?')

    for (const callback of Object.values(stale)) expect(callback).not.toHaveBeenCalled()
    expect(fresh.onEvent).toHaveBeenCalled()
    expect(fresh.onFinish).toHaveBeenCalledTimes(1)
    expect(fresh.onFinish.mock.calls[0]![0].status).toBe('done')
    expect(fresh.onHandoff.mock.calls.map(([handoff]) => handoff)).toEqual(recorded.summary.handoffs)
    // (The openai-agents decoder reports a call's end twice, from the model stream and the run item.)
    expect(new Set(fresh.onToolCall.mock.calls.map(([call]) => call.callId))).toEqual(
      new Set(recorded.summary.toolCalls.map((call) => call.callId)),
    )
    expect(fresh.onError).not.toHaveBeenCalled()

    // Removing a callback removes it.
    rerender({ url: '/api/agent', fetch })
    await result.current.send('And tomorrow?')
    expect(fresh.onFinish).toHaveBeenCalledTimes(1)
  })

  it('StrictMode: the store survives the double mount and a send makes one request', async () => {
    const fetch = createReplayFetch([route('openai-agents/text')])
    const { result } = renderChat({ url: '/api/agent', fetch }, { strict: true })
    const store = result.current.store
    // Let any deferred clean-up of the simulated unmount run.
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(fetch.requests).toHaveLength(0)
    await result.current.send('Hi')
    await waitFor(() => expect(result.current.status).toBe('done'))
    expect(result.current.store).toBe(store)
    expect(fetch.requests).toHaveLength(1)
    expect(text(result.current)).toBe(summaryText('openai-agents/text'))
  })

  it('StrictMode: resume on mount re-joins the run once with Last-Event-ID', async () => {
    const fetch = createReplayFetch([route('ai-sdk/text')])
    const { result } = renderChat(
      { url: '/api/agent', fetch, resume: { lastEventId: 'evt-41', url: '/api/agent/runs/run_1' } },
      { strict: true },
    )
    await waitFor(() => expect(result.current.status).toBe('done'))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(fetch.requests).toHaveLength(1)
    expect(fetch.requests[0]).toMatchObject({ url: '/api/agent/runs/run_1', method: 'GET' })
    expect(fetch.requests[0]!.headers['last-event-id']).toBe('evt-41')
    expect(text(result.current)).toBe(summaryText('ai-sdk/text'))
    // No user message: the run was re-joined, not started over.
    expect(result.current.messages.every((message) => message.role === 'assistant')).toBe(true)
  })

  it('resume without a saved id does nothing', async () => {
    const fetch = createReplayFetch([route('openai-agents/text')])
    const { result } = renderChat(
      { url: '/api/agent', fetch, resume: { lastEventId: null } },
      { strict: true },
    )
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(fetch.requests).toHaveLength(0)
    expect(result.current.status).toBe('idle')
  })

  it('StrictMode: initialInput auto-starts once', async () => {
    const fetch = createReplayFetch([route('ai-sdk/text')])
    const { result } = renderChat({ url: '/api/agent', fetch, initialInput: 'Hello' }, { strict: true })
    await waitFor(() => expect(result.current.status).toBe('done'))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(fetch.requests).toHaveLength(1)
    expect(result.current.messages.filter((message) => message.role === 'user')).toHaveLength(1)
    expect(text(result.current)).toBe(summaryText('ai-sdk/text'))
  })

  it('runs several conversations at once without interference', async () => {
    const aiFetch = createReplayFetch([route('ai-sdk/long-answer', { chunkSizes: 512, delay: 1 })])
    const agentsFetch = createReplayFetch([route('openai-agents/tool-call', { chunkSizes: 64, delay: 1 })])
    const a = renderChat({ url: '/api/a', fetch: aiFetch, batch: 'frame' })
    const b = renderChat({ url: '/api/b', fetch: agentsFetch, batch: 10 })
    expect(a.result.current.store).not.toBe(b.result.current.store)
    await Promise.all([a.result.current.send('Long answer please'), b.result.current.send('Weather?')])
    await waitFor(() => {
      expect(a.result.current.status).toBe('done')
      expect(b.result.current.status).toBe('done')
    })
    expect(text(a.result.current)).toBe(summaryText('ai-sdk/long-answer'))
    expect(text(b.result.current)).toBe(summaryText('openai-agents/tool-call'))
    expect(a.result.current.toolCalls).toEqual([])
    expect(b.result.current.toolCalls.map((call) => call.name)).toEqual(
      fixture('openai-agents/tool-call').summary.toolCalls.map((call) => call.name),
    )
    expect(aiFetch.requests.map((request) => request.url)).toEqual(['/api/a'])
    expect(agentsFetch.requests.map((request) => request.url)).toEqual(['/api/b'])
    expect(a.result.current.state.protocol).toBe('ai-sdk')
    expect(b.result.current.state.protocol).toBe('openai-agents')
  })

  it('adopts a store and leaves its lifetime to the owner', async () => {
    const fetch = createReplayFetch([route('ai-sdk/text', { chunkSizes: 16, delay: 5 })])
    const store = createAgentStream({ url: '/api/agent', fetch, batch: 'microtask' })
    const chat: ChatRef = { current: undefined as never }
    const view = render(<Probe options={store} chat={chat} />)
    expect(chat.current.store).toBe(store)
    const sent = chat.current.send('Hi')
    await waitFor(() => expect(chat.current.status).toBe('streaming'))
    view.unmount()
    await sent
    // Not aborted by the unmount: the store belongs to its creator.
    expect(store.getState().status).toBe('done')
    expect(messageText(store.getState().messages.at(-1)!)).toBe(summaryText('ai-sdk/text'))
    store.destroy()
  })

  it('shares the store with deep children through AgentStreamProvider', async () => {
    const recorded = fixture('openai-agents/handoff')
    const fetch = createReplayFetch([route('openai-agents/handoff')])
    const view = render(<ProvidedApp fetch={fetch} />)
    view.getByText('send').click()
    const handoffs = recorded.summary.handoffs.map((handoff) => `${handoff.from}>${handoff.to}`).join(',')
    const calls = recorded.summary.toolCalls.map((call) => call.name).join(',')
    await waitFor(() =>
      expect(view.getByTestId('trail').textContent).toBe(
        `done|${recorded.summary.agent}|${handoffs}|${calls}`,
      ),
    )
  })

  it('throws a clear error when a hook has neither a store nor a provider', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => render(<Lost />)).toThrow(/AgentStreamProvider/)
    expect(() => render(<LostContext />)).toThrow(/AgentStreamProvider/)
    spy.mockRestore()
  })

  it('keeps lastEventId for reconnecting from another page', async () => {
    const recorded = fixture('ai-sdk/broken/id-retry')
    const fetch = createReplayFetch([route('ai-sdk/broken/id-retry')])
    const options: AgentStreamOptions = { url: '/api/agent', fetch }
    const { result } = renderChat(options)
    await result.current.send('Hi')
    await waitFor(() => expect(result.current.status).toBe(recorded.summary.status))
    const ids = [...recorded.body.matchAll(/^id: ?(.*)$/gm)].map((match) => match[1])
    expect(ids.length).toBeGreaterThan(0)
    expect(result.current.lastEventId).toBe(ids.at(-1))
  })
})
