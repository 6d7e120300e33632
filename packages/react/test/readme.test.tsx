import { createReplayFetch } from '@agentstream/core/testing'
import { cleanup, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fixture, route, summaryText } from './fixtures'
import { Chat } from './readme-ui'

afterEach(cleanup)

function type(view: ReturnType<typeof render>, text: string) {
  fireEvent.change(view.getByRole('textbox'), { target: { value: text } })
  fireEvent.click(view.getByText('Send'))
}

describe('the README custom UI', () => {
  it('streams, lists tools, and runs the approval round trip (openai-agents)', async () => {
    const fetch = createReplayFetch([
      route('openai-agents/parallel-tools', { chunkSizes: 'random', seed: 4 }),
      route('openai-agents/approval'),
      route('openai-agents/approval-resume'),
    ])
    const view = render(<Chat fetch={fetch} />)
    type(view, 'Weather and time in Paris and Tokyo?')
    await waitFor(() => expect(view.getAllByRole('listitem').length).toBeGreaterThan(3))
    await waitFor(() => expect(view.container.textContent).toContain('Weather in Tokyo: done'))
    const parallel = fixture('openai-agents/parallel-tools').summary
    expect(view.container.textContent).toContain(parallel.messages.at(-1)!.text)

    type(view, 'Please refund order A-1001 ($42.50).')
    const dialog = await view.findByRole('alertdialog')
    expect(dialog.textContent).toContain('"orderId":"A-1001"')
    fireEvent.click(view.getByText('Approve'))
    await waitFor(() =>
      expect(view.container.textContent).toContain(summaryText('openai-agents/approval-resume')),
    )
    expect(view.container.textContent).toContain(
      'Refund A-1001 ($42.5): done Refunded $42.50 on order A-1001',
    )
    expect(view.queryByRole('alertdialog')).toBeNull()
  })

  it('stop keeps the partial answer; an error offers retry', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const fetch = createReplayFetch([
      route('openai-agents/long-answer', { chunkSizes: 2048, delay: 2 }),
      { body: '', status: 503 },
      route('openai-agents/text'),
    ])
    const view = render(<Chat fetch={fetch} />)
    type(view, 'A long answer please')
    await waitFor(() =>
      expect(view.container.querySelector('li.assistant')?.textContent?.length).toBeGreaterThan(100),
    )
    fireEvent.click(view.getByText('Stop'))
    await waitFor(() => expect(view.queryByText('Stop')).toBeNull())
    const partial = view.container.querySelector('li.assistant')!.textContent!
    expect(partial.length).toBeGreaterThan(100)
    expect(partial.length).toBeLessThan(summaryText('openai-agents/long-answer').length)
    expect(summaryText('openai-agents/long-answer').startsWith(partial)).toBe(true)

    type(view, 'Hello again')
    expect((await view.findByRole('alert')).textContent).toContain('Server error 503')
    expect(warn).toHaveBeenCalledWith('http', expect.any(String))
    fireEvent.click(view.getByText('Retry'))
    await waitFor(() => expect(view.queryByRole('alert')).toBeNull())
    await waitFor(() => expect(view.container.textContent).toContain(summaryText('openai-agents/text')))
    warn.mockRestore()
  })
})
