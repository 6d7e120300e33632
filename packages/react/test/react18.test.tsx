/**
 * React 18: the package's hooks rendered by react-dom 18.3.1 (`react18` / `react-dom18` aliases).
 *
 * Two things make the aliases usable in one Vitest project next to React 19:
 * - `vi.mock('react', …)` points this file's and the package's own `react` imports (and the JSX
 *   runtime) at `react18`;
 * - pnpm resolved react-dom18's peer `react` to React 19, so a resolve hook sends react-dom18's own
 *   `require('react')` to `react18` (otherwise react-dom 18 would read React 19's internals).
 * Testing Library binds to the default react-dom, so this file uses `createRoot` and `act` directly.
 */
import Module, { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type { AgentStream } from '@agentstream/core'
import { createAgentStream, messageText } from '@agentstream/core'
import { createReplayFetch } from '@agentstream/core/testing'
import { memo, StrictMode, version } from 'react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  AgentStreamProvider,
  type UseAgentStreamResult,
  useAgentStream,
  useMessage,
  useMessageIds,
  useRunStatus,
} from '../src/index'
import { route, summaryText, trackedReplayFetch } from './fixtures'

vi.mock('react', async () => await vi.importActual('react18'))
vi.mock('react/jsx-runtime', async () => await vi.importActual('react18/jsx-runtime'))
vi.mock('react/jsx-dev-runtime', async () => await vi.importActual('react18/jsx-dev-runtime'))

const require = createRequire(import.meta.url)
const react18Dir = dirname(require.resolve('react18/package.json'))
const reactDom18Dir = dirname(require.resolve('react-dom18/package.json'))
type Resolve = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string
const moduleInternals = Module as unknown as { _resolveFilename: Resolve }
const originalResolve = moduleInternals._resolveFilename

type Root = { render(element: React.ReactNode): void; unmount(): void }
let createRoot: (container: Element) => Root
let act: (callback: () => unknown) => Promise<void>

beforeAll(async () => {
  moduleInternals._resolveFilename = function (this: unknown, request, parent, ...rest) {
    const fromReactDom18 = parent?.filename?.startsWith(reactDom18Dir) ?? false
    if (fromReactDom18 && (request === 'react' || request.startsWith('react/')))
      return originalResolve.call(this, react18Dir + request.slice('react'.length), parent, ...rest)
    return originalResolve.call(this, request, parent, ...rest)
  }
  ;({ createRoot } = (await import('react-dom18/client')) as unknown as { createRoot: typeof createRoot })
  ;({ act } = (await import('react18')) as unknown as { act: typeof act })
})
afterAll(() => {
  moduleInternals._resolveFilename = originalResolve
})

let roots: Root[] = []
afterEach(async () => {
  setActEnvironment(true)
  for (const root of roots) await act(() => root.unmount())
  roots = []
  setActEnvironment(false)
})

function setActEnvironment(value: boolean) {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = value
}

async function mount(element: React.ReactNode) {
  const container = document.createElement('div')
  const root = createRoot(container)
  roots.push(root)
  setActEnvironment(true)
  await act(() => root.render(element))
  // Streaming happens outside act, as in an app.
  setActEnvironment(false)
  return { container, root }
}

async function until(check: () => boolean, timeout = 5000) {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeout) throw new Error('until: timed out')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

const renders = new Map<string, number>()
const count = (key: string) => renders.set(key, (renders.get(key) ?? 0) + 1)

const Message = memo(function Message({ id }: { id: string }) {
  const message = useMessage(id)
  count(id)
  return message ? <p data-role={message.role}>{messageText(message)}</p> : null
})

function Transcript() {
  const ids = useMessageIds()
  const status = useRunStatus()
  return (
    <div data-status={status}>
      {ids.map((id) => (
        <Message key={id} id={id} />
      ))}
    </div>
  )
}

function Chat({ fetch, chat }: { fetch: typeof globalThis.fetch; chat: { current?: UseAgentStreamResult } }) {
  const result = useAgentStream({ url: '/api/agent', fetch })
  chat.current = result
  return (
    <AgentStreamProvider store={result.store}>
      <Transcript />
    </AgentStreamProvider>
  )
}

function Adopted({ store, chat }: { store: AgentStream; chat: { current?: UseAgentStreamResult } }) {
  chat.current = useAgentStream(store)
  return <output>{chat.current.status}</output>
}

describe('React 18 (react-dom 18.3.1)', () => {
  it('runs on React 18', () => {
    expect(version).toBe('18.3.1')
  })

  it('StrictMode: one request, per-batch renders, unmount aborts', async () => {
    renders.clear()
    const fetch = trackedReplayFetch([route('ai-sdk/long-answer', { chunkSizes: 256, delay: 1 })])
    const chat: { current?: UseAgentStreamResult } = {}
    const { container, root } = await mount(
      <StrictMode>
        <Chat fetch={fetch} chat={chat} />
      </StrictMode>,
    )
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(fetch.requests).toHaveLength(0)

    const sent = chat.current!.send('Write me a long answer')
    await until(() => container.querySelector('[data-status="done"]') !== null)
    await sent
    expect(fetch.requests).toHaveLength(1)
    const answer = container.querySelector('[data-role="assistant"]')
    expect(answer?.textContent).toBe(summaryText('ai-sdk/long-answer'))
    const [user, assistant] = chat.current!.messages
    // StrictMode renders twice per update in development: still far below once per delta (2,000).
    expect(renders.get(assistant!.id)!).toBeLessThan(200)
    expect(renders.get(user!.id)).toBe(2)

    // Unmount during a second run aborts it.
    const second = trackedReplayFetch([route('openai-agents/long-answer', { chunkSizes: 1024, delay: 2 })])
    chat.current!.store.setOptions({ fetch: second })
    void chat.current!.send('Again')
    await until(() => container.querySelector('[data-status="streaming"]') !== null)
    setActEnvironment(true)
    await act(() => root.unmount())
    roots = roots.filter((candidate) => candidate !== root)
    expect(second.signals[0]!.aborted).toBe(true)
  })

  it('approval round trip with an adopted store', async () => {
    const fetch = createReplayFetch([route('openai-agents/approval'), route('openai-agents/approval-resume')])
    const store = createAgentStream({ url: '/api/agent', fetch })
    const chat: { current?: UseAgentStreamResult } = {}
    const { container } = await mount(<Adopted store={store} chat={chat} />)
    await chat.current!.send('Please refund order A-1001 ($42.50).')
    await until(() => container.textContent === 'interrupted')
    expect(chat.current!.approvals.map((approval) => approval.callId)).toEqual(['call_refund_a1001'])
    await chat.current!.approve('call_refund_a1001')
    await until(() => container.textContent === 'done')
    expect(fetch.requests[1]!.body).toMatchObject({
      approvals: [{ callId: 'call_refund_a1001', approved: true }],
    })
    expect(chat.current!.toolCalls[0]).toMatchObject({
      status: 'done',
      output: 'Refunded $42.50 on order A-1001',
    })
    store.destroy()
  })
})
