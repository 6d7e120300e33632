import { createReplayFetch } from '@agentstream/core/testing'
import { cleanup, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fixture, route, summaryText, trackedReplayFetch } from './fixtures'
import { assistantText, renderChat } from './harness'

afterEach(cleanup)

const userMessages = (chat: { messages: readonly { role: string }[] }) =>
  chat.messages.filter((message) => message.role === 'user').length

describe('stop', () => {
  it('aborts the request, keeps the partial answer, and a later send works', async () => {
    const full = summaryText('ai-sdk/long-answer')
    const fetch = trackedReplayFetch([
      route('ai-sdk/long-answer', { chunkSizes: 256, delay: 2 }),
      route('ai-sdk/text'),
    ])
    const onFinish = vi.fn()
    const { result } = renderChat({ url: '/api/agent', fetch, batch: 'frame', onFinish })
    const sent = result.current.send('Write me a long answer')
    await waitFor(() => expect(assistantText(result.current).length).toBeGreaterThan(200))
    result.current.stop()
    await sent

    expect(fetch.signals).toHaveLength(1)
    expect(fetch.signals[0]!.aborted).toBe(true)
    await waitFor(() => expect(result.current.status).toBe('stopped'))
    const partial = assistantText(result.current)
    expect(partial.length).toBeGreaterThan(200)
    expect(partial.length).toBeLessThan(full.length)
    expect(full.startsWith(partial)).toBe(true)
    expect(result.current.error).toBeNull()
    expect(result.current.isRunning).toBe(false)
    expect(onFinish).not.toHaveBeenCalled()
    // Nothing more arrives after the stop.
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(assistantText(result.current)).toBe(partial)

    await result.current.send('Something short instead')
    await waitFor(() => expect(result.current.status).toBe('done'))
    expect(fetch.requests).toHaveLength(2)
    expect(assistantText(result.current)).toBe(partial + summaryText('ai-sdk/text'))
    expect(userMessages(result.current)).toBe(2)
  })
})

describe('errors are typed, keep what arrived, and retry works', () => {
  it('HTTP 500', async () => {
    const fetch = createReplayFetch([{ body: 'upstream exploded', status: 500 }, route('openai-agents/text')])
    const onError = vi.fn()
    const { result } = renderChat({ url: '/api/agent', fetch, onError })
    await result.current.send('Hi')
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.error).toMatchObject({ kind: 'http', status: 500, body: 'upstream exploded' })
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError.mock.calls[0]![0].kind).toBe('http')
    expect(userMessages(result.current)).toBe(1)

    await result.current.retry()
    await waitFor(() => expect(result.current.status).toBe('done'))
    expect(fetch.requests).toHaveLength(2)
    expect(fetch.requests[1]!.body).toEqual(fetch.requests[0]!.body)
    expect(result.current.error).toBeNull()
    expect(assistantText(result.current)).toBe(summaryText('openai-agents/text'))
    expect(userMessages(result.current)).toBe(1)
  })

  it('a cut connection (cutAfter)', async () => {
    const recorded = fixture('ai-sdk/long-answer')
    const fetch = createReplayFetch([
      route('ai-sdk/long-answer', { chunkSizes: 1024, cutAfter: Math.floor(recorded.body.length / 2) }),
      route('ai-sdk/long-answer', { chunkSizes: 1024 }),
    ])
    const { result } = renderChat({ url: '/api/agent', fetch })
    await result.current.send('Long answer please')
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.error?.kind).toBe('network')
    const partial = assistantText(result.current)
    expect(partial.length).toBeGreaterThan(100)
    expect(summaryText('ai-sdk/long-answer').startsWith(partial)).toBe(true)

    await result.current.retry()
    await waitFor(() => expect(result.current.status).toBe('done'))
    expect(assistantText(result.current)).toBe(summaryText('ai-sdk/long-answer'))
    expect(result.current.messages.filter((message) => message.role === 'assistant')).toHaveLength(1)
    expect(userMessages(result.current)).toBe(1)
  })

  it.each([
    ['a stream that ends early', 'openai-chat/broken/truncated'],
    ['an error frame', 'ai-sdk/broken/event-error'],
    ['an error frame', 'openai-agents/broken/event-error'],
    ['a stream that ends early', 'ag-ui/broken/truncated'],
  ])('%s (%s)', async (_, name) => {
    const recorded = fixture(name)
    const protocol = name.split('/')[0]!
    const fetch = createReplayFetch([route(name), route(`${protocol}/text`)])
    const { result } = renderChat({ url: '/api/agent', fetch })
    await result.current.send('Hi')
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.error?.kind).toBe(recorded.summary.errorKind)
    expect(result.current.error?.message).toBe(recorded.summary.error)
    expect(assistantText(result.current)).toBe(
      recorded.summary.messages.map((message) => message.text).join(''),
    )

    await result.current.retry()
    await waitFor(() => expect(result.current.status).toBe('done'))
    expect(result.current.error).toBeNull()
    expect(assistantText(result.current)).toBe(summaryText(`${protocol}/text`))
  })

  it('an invalid frame is skipped and counted; the rest of the run arrives', async () => {
    const recorded = fixture('ai-sdk/broken/invalid-json')
    const fetch = createReplayFetch([route('ai-sdk/broken/invalid-json', { chunkSizes: 'random', seed: 9 })])
    const { result } = renderChat({ url: '/api/agent', fetch })
    await result.current.send('Hi')
    await waitFor(() => expect(result.current.status).toBe(recorded.summary.status))
    expect(result.current.state.skippedFrames).toBe(recorded.summary.skippedFrames)
    expect(result.current.error).toBeNull()
    expect(assistantText(result.current)).toBe(
      recorded.summary.messages.map((message) => message.text).join(''),
    )
  })
})
