// @vitest-environment node
import { messageText } from '@agentstream/core'
import { createReplayFetch, createReplayStore } from '@agentstream/core/testing'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import {
  AgentStreamProvider,
  useAgentStream,
  useMessage,
  useMessageIds,
  useRunStatus,
  useToolCalls,
} from '../src/index'
import { route, summaryText } from './fixtures'

function Message({ id }: { id: string }) {
  const message = useMessage(id)
  return message ? <p className={message.role}>{messageText(message)}</p> : null
}

function Transcript() {
  const ids = useMessageIds()
  const status = useRunStatus()
  const calls = useToolCalls()
  return (
    <main data-status={status}>
      {ids.map((id) => (
        <Message key={id} id={id} />
      ))}
      <ul>
        {calls.map((call) => (
          <li key={call.callId}>{call.name}</li>
        ))}
      </ul>
    </main>
  )
}

function Chat({ fetch }: { fetch: typeof globalThis.fetch }) {
  const chat = useAgentStream({
    url: '/api/agent',
    fetch,
    resume: { lastEventId: 'evt-1' },
    initialInput: 'Hello',
  })
  return (
    <AgentStreamProvider store={chat.store}>
      <p>{chat.isRunning ? 'running' : chat.status}</p>
      <Transcript />
    </AgentStreamProvider>
  )
}

describe('server rendering', () => {
  it('renders without window and starts no request, even with resume / initialInput', async () => {
    expect(typeof window).toBe('undefined')
    const fetch = createReplayFetch([route('ai-sdk/text')])
    const globalFetch = vi.spyOn(globalThis, 'fetch')
    const html = renderToString(<Chat fetch={fetch} />)
    expect(html).toContain('idle')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(fetch.requests).toHaveLength(0)
    expect(globalFetch).not.toHaveBeenCalled()
    globalFetch.mockRestore()
  })

  it('renders a store that already holds a recorded conversation', async () => {
    const store = createReplayStore([route('openai-agents/tool-call')])
    await store.send('Weather in Paris?')
    const html = renderToString(
      <AgentStreamProvider store={store}>
        <Transcript />
      </AgentStreamProvider>,
    )
    expect(html).toContain('data-status="done"')
    expect(html).toContain('Weather in Paris?')
    expect(html).toContain(summaryText('openai-agents/tool-call').replaceAll("'", '&#x27;').slice(0, 20))
    expect(html).toContain('<li>get_weather</li>')
    store.destroy()
  })
})
