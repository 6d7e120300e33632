import type * as Core from '@agentstream/core'
import { act, cleanup, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { route, trackedReplayFetch } from './fixtures'
import { assistantText, renderChat } from './harness'

// Count the live subscriptions of every store the hook creates.
const live = vi.hoisted(() => ({ listeners: 0, stores: [] as Core.AgentStream[] }))
vi.mock('@agentstream/core', async (importOriginal) => {
  const core = await importOriginal<typeof Core>()
  return {
    ...core,
    createAgentStream: (options?: Core.AgentStreamOptions) => {
      const store = core.createAgentStream(options)
      const subscribe = store.subscribe
      store.subscribe = (listener) => {
        live.listeners++
        const unsubscribe = subscribe(listener)
        let active = true
        return () => {
          if (active) live.listeners--
          active = false
          unsubscribe()
        }
      }
      live.stores.push(store)
      return store
    },
  }
})

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  live.listeners = 0
  live.stores = []
})

describe('unmount', () => {
  it('aborts the request and leaves no listener or timer behind (fake timers)', async () => {
    vi.useFakeTimers()
    const fetch = trackedReplayFetch([route('ai-sdk/long-answer', { chunkSizes: 256, delay: 5 })])
    const { result, unmount } = renderChat({ url: '/api/agent', fetch, batch: 'frame' })
    expect(live.listeners).toBe(1)
    void result.current.send('Write me a long answer')
    await vi.advanceTimersByTimeAsync(200)
    expect(result.current.status).toBe('streaming')
    expect(assistantText(result.current).length).toBeGreaterThan(0)
    expect(vi.getTimerCount()).toBeGreaterThan(0)

    unmount()
    await vi.advanceTimersByTimeAsync(0)
    expect(fetch.signals).toHaveLength(1)
    expect(fetch.signals[0]!.aborted).toBe(true)
    expect(live.listeners).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
    const store = live.stores.at(-1)!
    expect(store.getState().status).toBe('stopped')

    // The store is gone: a late call from a stale handler sends nothing.
    await store.send('too late')
    expect(fetch.requests).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('is not a stop: a kit server is not told to end the run, so it can be resumed later', async () => {
    const body = `data: {"type":"run_started","runId":"run_9","agent":{"name":"Assistant"}}\n\n${Array.from(
      { length: 400 },
      (_, index) =>
        `data: {"type":"raw_model_stream_event","data":{"type":"output_text_delta","delta":"w${index} "}}\n\n`,
    ).join('')}`
    const fetch = trackedReplayFetch([{ body, chunkSizes: 64, delay: 5 }])
    const { result, unmount } = renderChat({ url: '/api/agent', fetch, batch: 'sync' })
    void result.current.send('Hi')
    await waitFor(() => expect(assistantText(result.current).length).toBeGreaterThan(0))
    unmount()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(fetch.signals[0]!.aborted).toBe(true)
    expect(fetch.requests).toHaveLength(1)
  })

  it('StrictMode double mount keeps exactly one subscription and one usable store', async () => {
    const fetch = trackedReplayFetch([route('ai-sdk/text')])
    const { result, unmount } = renderChat({ url: '/api/agent', fetch }, { strict: true })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(live.listeners).toBe(1)
    await result.current.send('Hi')
    expect(fetch.requests).toHaveLength(1)
    expect(fetch.signals[0]!.aborted).toBe(false)
    unmount()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(live.listeners).toBe(0)
  })
})

describe('threadId', () => {
  it('another threadId is another conversation: a new store, nothing of the old one sent or shown', async () => {
    const fetch = trackedReplayFetch([route('ai-sdk/text')])
    const { result, rerender } = renderChat({
      url: '/api/chat',
      protocol: 'ai-sdk',
      threadId: 'conv-A',
      fetch,
    })
    await act(() => result.current.send('Hello A'))
    expect(result.current.messages.length).toBeGreaterThan(0)
    rerender({ url: '/api/chat', protocol: 'ai-sdk', threadId: 'conv-B', fetch })
    expect(result.current.messages).toEqual([])
    await act(() => result.current.send('Hello B'))
    const second = fetch.requests[1]!.body as { id: string; messages: unknown[] }
    expect(second.id).toBe('conv-B')
    expect(second.messages).toHaveLength(1)
  })
})
