import { AgentStreamProvider } from '@agentstream/react'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  Chat,
  formatDuration,
  formatValue,
  type ToolCallRendererProps,
  ToolCallTimeline,
  type ToolRenderers,
} from '../src/index'
import { fixture, fixtureEvents, replayStore, route, syncStore } from './fixtures'

afterEach(cleanup)

function renderIn(store: Parameters<typeof Chat.Root>[0]['store'], children: ReactNode) {
  return render(<Chat.Root store={store}>{children}</Chat.Root>)
}

describe('formatValue / formatDuration', () => {
  it('pretty-prints JSON values and JSON inside strings, leaves other text alone', () => {
    expect(formatValue({ city: 'Paris' })).toBe('{\n  "city": "Paris"\n}')
    expect(formatValue('{"tempC":21}')).toBe('{\n  "tempC": 21\n}')
    expect(formatValue('09:30 JST')).toBe('09:30 JST')
    expect(formatValue('{not json')).toBe('{not json')
    expect(formatValue(undefined)).toBe('')
  })

  it('writes durations briefly', () => {
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(1234)).toBe('1.2 s')
    expect(formatDuration(125_000)).toBe('2 min 5 s')
  })
})

describe('ToolCallTimeline', () => {
  it('shows a call the user stopped as Stopped, no longer running, and marks the cut-off message', async () => {
    const store = replayStore([route('ai-sdk/tool-call', { chunkSizes: 20, delay: 1 })])
    const { container } = renderIn(
      store,
      <>
        <Chat.Messages />
        <ToolCallTimeline.Root />
        <Chat.Composer />
      </>,
    )
    const sending = store.send('Weather in Paris?')
    await waitFor(
      () =>
        expect(Object.values(store.getState().toolCalls).some((call) => call.status === 'running')).toBe(
          true,
        ),
      { interval: 1 },
    )
    fireEvent.click(screen.getByRole('button', { name: 'Stop generating' }))
    await act(async () => {
      await sending
    })
    const states = [...container.querySelectorAll<HTMLElement>('.as-tool')].map((item) => item.dataset.state)
    expect(states.length).toBeGreaterThan(0)
    expect(states.every((state) => state === 'stopped')).toBe(true)
    expect(within(screen.getByRole('region', { name: 'Tool calls' })).getByText('Stopped')).toBeTruthy()
    expect(container.querySelector('article[aria-busy="true"]')).toBeNull()
    expect(container.querySelector('.as-message[data-role="assistant"]')?.getAttribute('data-status')).toBe(
      'stopped',
    )
  })

  it('lists every tool call of the recorded parallel run in order, with agent, state, args and output', async () => {
    const store = replayStore([route('openai-agents/parallel-tools')])
    renderIn(store, <ToolCallTimeline.Root />)
    await act(async () => {
      await store.send('Weather in Paris and Tokyo, and the time in Tokyo?')
    })
    const timeline = screen.getByRole('region', { name: 'Tool calls' })
    const items = within(timeline)
      .getAllByRole('listitem')
      .map((item) => item.firstElementChild as HTMLElement)
    expect(
      items.map((item) => [item.dataset.callId, item.dataset.tool, item.dataset.state, item.dataset.agent]),
    ).toEqual([
      ['call_weather_paris', 'get_weather', 'done', 'Assistant'],
      ['call_weather_tokyo', 'get_weather', 'done', 'Assistant'],
      ['call_time_tokyo', 'get_local_time', 'done', 'Assistant'],
    ])
    expect(within(items[0]!).getByText('Assistant').className).toContain('as-agent-badge')
    expect(within(items[0]!).getByText('Done')).toBeTruthy()
    expect(items[1]!.querySelector('.as-tool-args')?.textContent).toBe('{\n  "city": "Tokyo"\n}')
    expect(items[1]!.querySelector('.as-tool-output')?.textContent).toContain('"conditions": "light rain"')
    expect(items[2]!.querySelector('.as-tool-output')?.textContent).toBe('09:30 JST')
    for (const item of items)
      expect(item.querySelector('.as-tool-duration')?.textContent).toMatch(/^\d+ ms$|s$/)
  })

  it('shows the arguments growing while they stream', () => {
    const store = syncStore()
    renderIn(store, <ToolCallTimeline.Root />)
    const shown: string[] = []
    for (const event of fixtureEvents('ai-sdk/tool-call')) {
      act(() => store.dispatch(event))
      const item = document.querySelector<HTMLElement>('.as-tool')
      if (item?.dataset.state !== 'streaming-arguments') continue
      const args = item.querySelector('.as-tool-args')?.textContent ?? ''
      if (shown[shown.length - 1] !== args) shown.push(args)
    }
    expect(shown.length).toBeGreaterThanOrEqual(2)
    for (let index = 1; index < shown.length; index++)
      expect(shown[index]!.length).toBeGreaterThan(shown[index - 1]!.length)
    expect(shown[shown.length - 1]).toBe('{\n  "city": "Paris"\n}')
    expect(document.querySelector('.as-tool-args')?.textContent).toBe(
      '{\n  "city": "Paris",\n  "unit": "celsius"\n}',
    )
    expect(document.querySelector<HTMLElement>('.as-tool')?.dataset.state).toBe('done')
  })

  it('collapses a long output', async () => {
    // Derived from ai-sdk/tool-call.sse: the recorded tool output gains an `hourly` array of 24
    // entries (the only change), to make the output long.
    const recorded = fixture('ai-sdk/tool-call')
    const hourly = Array.from({ length: 24 }, (_, hour) => ({ hour, tempC: 15 + (hour % 8) }))
    const original = '"output":{"city":"Paris","tempC":21,"conditions":"sunny"}'
    expect(recorded.body).toContain(original)
    const body = recorded.body.replace(
      original,
      `"output":{"city":"Paris","tempC":21,"conditions":"sunny","hourly":${JSON.stringify(hourly)}}`,
    )
    const store = replayStore([{ body, headers: recorded.headers }])
    renderIn(store, <ToolCallTimeline.Root />)
    await act(async () => {
      await store.send('Hourly weather in Paris?')
    })
    const output = document.querySelector('.as-tool-output')!
    const details = output.closest('details')!
    expect(details).not.toBeNull()
    expect(details.open).toBe(false)
    expect(details.querySelector('summary')?.textContent).toMatch(/^Output \(\d+ lines\)$/)
    expect(output.textContent).toContain('"hourly": [')
    // Short arguments stay visible.
    expect(document.querySelector('.as-tool-args')?.closest('details')).toBeNull()
  })

  it('shows a tool error', async () => {
    const store = replayStore([route('ai-sdk/tool-error')])
    renderIn(store, <Chat.Messages />)
    await act(async () => {
      await store.send('Forecast for Paris?')
    })
    const item = screen.getByRole('group', { name: 'Tool get_forecast: Failed' })
    expect(item.dataset.state).toBe('error')
    expect(item.querySelector('.as-tool-error')?.textContent).toBe(
      'Error Forecast service unavailable (HTTP 503)',
    )
    expect(screen.getByRole('status').textContent).toContain(
      'get_forecast failed: Forecast service unavailable',
    )
  })

  it('renders nothing but `empty` before the first call', () => {
    renderIn(syncStore(), <ToolCallTimeline.Root empty={<p>No tools yet</p>} />)
    expect(screen.getByText('No tools yet')).toBeTruthy()
  })
})

describe('approvals', () => {
  it('approves a recorded openai-agents approval, resumes, and moves focus to the call', async () => {
    const store = replayStore([route('openai-agents/approval'), route('openai-agents/approval-resume')])
    renderIn(
      store,
      <>
        <Chat.Messages />
        <Chat.Composer />
      </>,
    )
    await act(async () => {
      await store.send('Refund order A-1001')
    })
    expect(store.getState().status).toBe('interrupted')
    const item = screen.getByRole('group', { name: 'Tool issue_refund: Needs approval' })
    expect(item.querySelector('.as-tool-args')?.textContent).toBe(
      '{\n  "orderId": "A-1001",\n  "amount": 42.5\n}',
    )
    const decision = within(item).getByRole('group', { name: 'Approve issue_refund?' })
    expect(screen.getByRole('status').textContent).toContain('issue_refund needs your approval.')
    const approve = within(decision).getByRole('button', { name: 'Approve' })
    approve.focus()
    fireEvent.click(approve)
    expect(document.activeElement).toBe(item)
    await waitFor(() => expect(store.getState().status).toBe('done'))
    expect(item.dataset.state).toBe('done')
    expect(item.querySelector('.as-tool-output')?.textContent).toBe('Refunded $42.50 on order A-1001')
    expect(within(item).queryByRole('button')).toBeNull()
    expect(screen.getAllByRole('article').at(-1)!.textContent).toContain(
      'Done — I refunded $42.50 on order A-1001.',
    )
    expect(store.fetch.requests).toHaveLength(2)
  })

  it('rejects a recorded AI SDK approval from the side panel', async () => {
    const store = replayStore([route('ai-sdk/approval'), route('ai-sdk/approval-denied')])
    renderIn(store, <ToolCallTimeline.Root />)
    await act(async () => {
      await store.send('Refund order A-1001')
    })
    const item = screen.getByRole('group', { name: 'Tool issue_refund: Needs approval' })
    fireEvent.click(within(item).getByRole('button', { name: 'Reject' }))
    fireEvent.click(within(item).getByRole('button', { name: 'Send rejection' }))
    expect(document.activeElement).toBe(item)
    await waitFor(() => expect(store.getState().status).toBe('done'))
    expect(item.dataset.state).toBe('denied')
    expect(within(item).getByText('Rejected')).toBeTruthy()
    const body = store.fetch.requests[1]?.body as { messages?: unknown[] }
    expect(JSON.stringify(body)).toContain('"approved":false')
  })

  it('rejects with a reason typed in the field: Enter sends it with the decision', async () => {
    const store = replayStore([route('openai-agents/approval'), route('openai-agents/approval-rejected')])
    renderIn(
      store,
      <>
        <Chat.Messages />
        <ToolCallTimeline.Root />
      </>,
    )
    await act(async () => {
      await store.send('Refund order A-1001')
    })
    const user = userEvent.setup()
    const panel = screen.getByRole('region', { name: 'Tool calls' })
    const item = within(panel).getByRole('group', { name: 'Tool issue_refund: Needs approval' })
    const reject = within(item).getByRole('button', { name: 'Reject' })
    expect(reject.getAttribute('aria-expanded')).toBe('false')
    await user.click(reject)
    const field = within(item).getByRole('textbox', { name: 'Reason (optional)' })
    expect(document.activeElement).toBe(field)
    expect(reject.getAttribute('aria-expanded')).toBe('true')
    expect(within(item).getByRole('button', { name: 'Send rejection' })).toBeTruthy()
    expect(within(item).getByRole('button', { name: 'Cancel' })).toBeTruthy()
    expect(store.fetch.requests).toHaveLength(1)
    await user.type(field, 'Needs a manager{Enter}')
    expect(document.activeElement).toBe(item)
    await waitFor(() => expect(store.getState().status).toBe('done'))
    expect(item.dataset.state).toBe('denied')
    expect(store.fetch.requests).toHaveLength(2)
    const body = store.fetch.requests[1]?.body as { approvals?: unknown[] }
    expect(body.approvals).toEqual([
      { callId: 'call_refund_a1001', approved: false, reason: 'Needs a manager' },
    ])
  })

  it('Escape closes the reason field without sending and returns focus to Reject', async () => {
    const store = replayStore([route('openai-agents/approval'), route('openai-agents/approval-rejected')])
    renderIn(store, <ToolCallTimeline.Root />)
    await act(async () => {
      await store.send('Refund order A-1001')
    })
    const user = userEvent.setup()
    const item = screen.getByRole('group', { name: 'Tool issue_refund: Needs approval' })
    const reject = within(item).getByRole('button', { name: 'Reject' })
    reject.focus()
    await user.keyboard('{Enter}')
    const field = within(item).getByRole('textbox', { name: 'Reason (optional)' })
    expect(document.activeElement).toBe(field)
    await user.type(field, 'never mind')
    await user.keyboard('{Escape}')
    expect(within(item).queryByRole('textbox')).toBeNull()
    expect(document.activeElement).toBe(reject)
    expect(reject.getAttribute('aria-expanded')).toBe('false')
    // Cancel (the button) closes it too; nothing was sent either way.
    await user.click(reject)
    await user.click(within(item).getByRole('button', { name: 'Cancel' }))
    expect(within(item).queryByRole('textbox')).toBeNull()
    expect(document.activeElement).toBe(reject)
    expect(store.fetch.requests).toHaveLength(1)
    expect(store.getState().status).toBe('interrupted')
    expect(item.dataset.state).toBe('awaiting-approval')
    // An empty reason is sent as none.
    await user.click(reject)
    await user.click(within(item).getByRole('button', { name: 'Send rejection' }))
    await waitFor(() => expect(store.fetch.requests).toHaveLength(2))
    const body = store.fetch.requests[1]?.body as { approvals?: unknown[] }
    expect(body.approvals).toEqual([{ callId: 'call_refund_a1001', approved: false }])
  })
})

function WeatherCard({ call, variant }: ToolCallRendererProps) {
  const output = (typeof call.output === 'string' ? JSON.parse(call.output) : call.output) as
    | { city?: string; tempC?: number }
    | undefined
  if (call.status !== 'done') return <p data-testid="weather">Looking up the weather…</p>
  return variant === 'inline' ? (
    <p data-testid="weather" data-look="compact">
      {output?.tempC} °C
    </p>
  ) : (
    <div data-testid="weather" data-look="full">
      <h3>{output?.city}</h3>
      <p>{output?.tempC} °C</p>
    </div>
  )
}

function Panel({ call }: ToolCallRendererProps) {
  return <span data-testid="own">{call.name}</span>
}

function RefundCard({ call, approve, reject }: ToolCallRendererProps) {
  const { orderId, amount } = (call.args ?? {}) as { orderId?: string; amount?: number }
  return (
    <div data-testid="refund-card">
      <p>
        Refund ${amount} on order {orderId}
      </p>
      <ToolCallTimeline.Approval call={call} approve={approve} reject={reject} />
    </div>
  )
}

describe('per-tool renderers', () => {
  it('a card of its own keeps the default Approve / Reject with ToolCallTimeline.Approval', async () => {
    const store = replayStore([route('openai-agents/approval'), route('openai-agents/approval-rejected')])
    render(
      <Chat.Root store={store} tools={{ issue_refund: RefundCard }}>
        <ToolCallTimeline.Root />
      </Chat.Root>,
    )
    await act(async () => {
      await store.send('Refund order A-1001')
    })
    const user = userEvent.setup()
    const item = screen.getByRole('group', { name: 'Tool issue_refund: Needs approval' })
    const card = within(item).getByTestId('refund-card')
    expect(card.textContent).toContain('Refund $42.5 on order A-1001')
    const decision = within(card).getByRole('group', { name: 'Approve issue_refund?' })
    expect(within(decision).getByRole('button', { name: 'Approve' })).toBeTruthy()
    await user.click(within(decision).getByRole('button', { name: 'Reject' }))
    await user.type(within(card).getByRole('textbox', { name: 'Reason (optional)' }), 'Too much{Enter}')
    expect(document.activeElement).toBe(item)
    await waitFor(() => expect(store.getState().status).toBe('done'))
    expect(item.dataset.state).toBe('denied')
    // The card stays; the controls go once the call no longer awaits a decision.
    expect(within(item).getByTestId('refund-card')).toBeTruthy()
    expect(within(item).queryByRole('button')).toBeNull()
    const body = store.fetch.requests[1]?.body as { approvals?: unknown[] }
    expect(body.approvals).toEqual([{ callId: 'call_refund_a1001', approved: false, reason: 'Too much' }])
  })

  it('apply inline and in the panel of a recorded agents run, told which variant they render in', async () => {
    const tools: ToolRenderers = { get_weather: WeatherCard }
    const store = replayStore([route('openai-agents/tool-call'), route('openai-agents/parallel-tools')])
    render(
      <Chat.Root store={store} tools={tools}>
        <Chat.Messages />
        <ToolCallTimeline.Root />
      </Chat.Root>,
    )
    await act(async () => {
      await store.send('Weather in Paris?')
    })
    const conversation = screen.getByRole('region', { name: 'Conversation' })
    const panel = screen.getByRole('region', { name: 'Tool calls' })
    const inline = within(conversation).getByTestId('weather')
    expect(inline.dataset.look).toBe('compact')
    expect(inline.textContent).toBe('21 °C')
    expect(inline.closest('.as-tool')?.getAttribute('data-variant')).toBe('inline')
    const full = within(panel).getByTestId('weather')
    expect(full.dataset.look).toBe('full')
    expect(full.textContent).toBe('Paris21 °C')
    const item = full.closest<HTMLElement>('.as-tool')!
    expect([item.dataset.variant, item.dataset.state, item.dataset.tool]).toEqual([
      'panel',
      'done',
      'get_weather',
    ])
    // A call to another tool still gets the default item.
    await act(async () => {
      await store.send('Weather in Paris and Tokyo, and the time in Tokyo?')
    })
    const time = within(panel).getByRole('group', { name: 'Tool get_local_time: Done' })
    expect(within(time).queryByTestId('weather')).toBeNull()
    expect(time.querySelector('.as-tool-output')?.textContent).toBe('09:30 JST')
    // Both runs call get_weather with the id `call_weather_paris`: one item for it, plus Tokyo's.
    expect(within(panel).getAllByTestId('weather')).toHaveLength(2)
  })

  it('ToolCallTimeline.Root takes its own tools, outside a Chat.Root or instead of its tools', async () => {
    const own: ToolRenderers = { get_weather: Panel }
    const store = replayStore([route('openai-agents/tool-call')])
    render(
      <AgentStreamProvider store={store}>
        <ToolCallTimeline.Root tools={own} />
      </AgentStreamProvider>,
    )
    await act(async () => {
      await store.send('Weather in Paris?')
    })
    expect(screen.getByTestId('own').textContent).toBe('get_weather')
    cleanup()
    render(
      <Chat.Root store={store} tools={{ get_weather: WeatherCard }}>
        <Chat.Messages />
        <ToolCallTimeline.Root tools={own} />
      </Chat.Root>,
    )
    expect(within(screen.getByRole('region', { name: 'Tool calls' })).getByTestId('own')).toBeTruthy()
    expect(within(screen.getByRole('region', { name: 'Conversation' })).getByTestId('weather')).toBeTruthy()
  })
})
