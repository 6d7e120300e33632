import type { AgentStream } from '@agentstream/core'
import { createAgentStream, messageText } from '@agentstream/core'
import { createReplayFetch } from '@agentstream/core/testing'
import { cleanup, render, waitFor } from '@testing-library/react'
import { memo, Profiler } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  AgentStreamProvider,
  useAgentStreamStore,
  useApprovals,
  useMessage,
  useMessageIds,
  useRunError,
  useRunStatus,
  useToolCalls,
} from '../src/index'
import { fixture, route, summaryText } from './fixtures'

// Render counters, by component (messages by id); the whole tree's commits are counted with <Profiler>.
let renders = new Map<string, number>()
const count = (key: string) => renders.set(key, (renders.get(key) ?? 0) + 1)
const rendersOf = (key: string) => renders.get(key) ?? 0

beforeEach(() => {
  renders = new Map()
})
afterEach(cleanup)

const Message = memo(function Message({ id }: { id: string }) {
  const message = useMessage(id)
  count(`message:${id}`)
  if (!message) return null
  return (
    <article data-testid={`${message.role}:${id}`} data-status={message.status}>
      {messageText(message)}
    </article>
  )
})

function MessageList() {
  const ids = useMessageIds()
  count('list')
  return ids.map((id) => <Message key={id} id={id} />)
}

function ToolPanel() {
  const calls = useToolCalls()
  count('tools')
  return (
    <ul>
      {calls.map((call) => (
        <li key={call.callId}>{call.name}</li>
      ))}
    </ul>
  )
}

function Status() {
  const status = useRunStatus()
  count('status')
  return <output data-testid="status">{status}</output>
}

function Sidebar() {
  useApprovals()
  useRunError()
  count('sidebar')
  return null
}

function Chat({ store }: { store: AgentStream }) {
  count('chat')
  return (
    <Profiler id="chat" onRender={() => count('commits')}>
      <AgentStreamProvider store={store}>
        <MessageList />
        <ToolPanel />
        <Status />
        <Sidebar />
      </AgentStreamProvider>
    </Profiler>
  )
}

function OwnedChat({
  url,
  fetch,
  onStore,
}: {
  url: string
  fetch: typeof globalThis.fetch
  onStore: (store: AgentStream) => void
}) {
  const store = useAgentStreamStore({ url, fetch, batch: 'frame' })
  onStore(store)
  return <Chat store={store} />
}

const deltasIn = (name: string) => fixture(name).body.match(/"type":"text-delta"/g)?.length ?? 0

describe('fine-grained hooks', () => {
  it('2,000 deltas (ai-sdk long-answer, batch: frame) render once per batch, and nothing else re-renders', async () => {
    const deltas = deltasIn('ai-sdk/long-answer')
    expect(deltas).toBeGreaterThanOrEqual(2000)
    const fetch = createReplayFetch([route('ai-sdk/long-answer', { chunkSizes: 256, delay: 1 })])
    let store!: AgentStream
    const view = render(
      <OwnedChat
        url="/api/agent"
        fetch={fetch}
        onStore={(created) => {
          store = created
        }}
      />,
    )
    let publishes = 0
    const unsubscribe = store.subscribe(() => publishes++)

    await store.send('Write me a long answer')
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('done'))
    unsubscribe()

    const state = store.getState()
    const [user, assistant] = state.messages
    expect(user?.role).toBe('user')
    expect(assistant?.role).toBe('assistant')
    expect(view.getByTestId(`assistant:${assistant!.id}`).textContent).toBe(summaryText('ai-sdk/long-answer'))

    // The streaming message rendered at most once per published batch, far fewer than once per delta…
    const assistantRenders = rendersOf(`message:${assistant!.id}`)
    expect(publishes).toBeGreaterThan(3)
    expect(assistantRenders).toBeGreaterThan(1)
    expect(assistantRenders).toBeLessThanOrEqual(publishes + 1)
    expect(assistantRenders).toBeLessThan(deltas / 10)
    // The whole tree committed once per batch at most (plus the first render).
    expect(rendersOf('commits')).toBeLessThanOrEqual(publishes + 1)
    // …while the rest did not follow the tokens.
    expect(rendersOf(`message:${user!.id}`)).toBe(1)
    expect(rendersOf('tools')).toBe(1)
    expect(rendersOf('chat')).toBe(1)
    expect(rendersOf('list')).toBeLessThanOrEqual(3) // [] → [user] → [user, assistant]
    expect(rendersOf('status')).toBeLessThanOrEqual(4) // idle → connecting → streaming → done
    expect(rendersOf('sidebar')).toBe(1)
  })

  it('a settled message, the tool list and the status do not re-render while the next answer streams (numeric batch)', async () => {
    const fetch = createReplayFetch([
      route('openai-agents/tool-call'),
      route('openai-agents/long-answer', { chunkSizes: 4096, delay: 1 }),
    ])
    const store = createAgentStream({ url: '/api/agent', fetch, batch: 20 })
    const view = render(<Chat store={store} />)
    await store.send('Weather in Paris?')
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('done'))
    const firstTurn = store.getState().messages
    const toolCalls = fixture('openai-agents/tool-call').summary.toolCalls
    expect(view.getAllByRole('listitem').map((item) => item.textContent)).toEqual(
      toolCalls.map((call) => call.name),
    )

    const before = new Map(renders)
    let publishes = 0
    const unsubscribe = store.subscribe(() => publishes++)
    await store.send('Now a long answer')
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('done'))
    unsubscribe()

    const answer = store.getState().messages.at(-1)!
    expect(messageText(answer)).toBe(summaryText('openai-agents/long-answer'))
    const deltas = fixture('openai-agents/long-answer').body.match(/output_text_delta/g)?.length ?? 0
    const answerRenders = rendersOf(`message:${answer.id}`)
    expect(answerRenders).toBeLessThanOrEqual(publishes + 1)
    expect(answerRenders).toBeLessThan(deltas / 10)
    for (const message of firstTurn)
      expect(rendersOf(`message:${message.id}`), message.id).toBe(before.get(`message:${message.id}`))
    expect(rendersOf('tools')).toBe(before.get('tools'))
    expect(rendersOf('chat')).toBe(1)
    expect(rendersOf('status') - before.get('status')!).toBeLessThanOrEqual(3)
    store.destroy()
  })
})
