import { act, cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import axe from 'axe-core'
import { afterEach, describe, expect, it } from 'vitest'
import { Chat, HandoffTrail, ToolCallTimeline } from '../src/index'
import { replayStore, route } from './fixtures'

afterEach(cleanup)

// axe probes icon ligatures with a canvas, which jsdom does not implement.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext

async function axeViolations(node: Element) {
  // jsdom has no layout: colour contrast is checked in the browser tests.
  const result = await axe.run(node, { rules: { 'color-contrast': { enabled: false } } })
  return result.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((n) => n.html).join(' ')}`,
  )
}

function Full({ store }: { store: ReturnType<typeof replayStore> }) {
  return (
    <main>
      <Chat.Root store={store}>
        <HandoffTrail />
        <Chat.Messages />
        <aside>
          <ToolCallTimeline.Root />
        </aside>
        <Chat.Composer />
      </Chat.Root>
    </main>
  )
}

describe('accessibility (axe-core in jsdom)', () => {
  it('has no violations empty, after a handoff run with tools, awaiting approval, and after an error', async () => {
    const store = replayStore([
      route('openai-agents/handoff'),
      route('openai-agents/approval'),
      route('openai-agents/error-mid-stream'),
    ])
    const { container } = render(<Full store={store} />)
    expect(await axeViolations(container)).toEqual([])
    await act(async () => {
      await store.send('Weather in Tokyo?')
    })
    expect(await axeViolations(container)).toEqual([])
    await act(async () => {
      await store.send('Refund order A-1001')
    })
    expect(store.getState().status).toBe('interrupted')
    expect(await axeViolations(container)).toEqual([])
    await act(async () => {
      await store.send('Again')
    })
    expect(store.getState().status).toBe('error')
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy()
    expect(await axeViolations(container)).toEqual([])
  })

  it('every control is reachable by keyboard and labelled', async () => {
    const store = replayStore([route('openai-agents/approval')])
    render(<Full store={store} />)
    await act(async () => {
      await store.send('Refund order A-1001')
    })
    const user = userEvent.setup()
    const reached: string[] = []
    const seen = new Set<Element>()
    for (let index = 0; index < 30; index++) {
      await user.tab()
      const element = document.activeElement as HTMLElement
      if (seen.has(element)) break
      seen.add(element)
      const name = element.getAttribute('aria-label') ?? element.textContent?.trim() ?? ''
      reached.push(`${element.tagName.toLowerCase()}:${name}`)
    }
    expect(reached).toContain('section:Conversation')
    expect(reached.filter((entry) => entry === 'button:Approve')).toHaveLength(2)
    expect(reached.filter((entry) => entry === 'button:Reject')).toHaveLength(2)
    expect(reached.some((entry) => entry.startsWith('textarea:'))).toBe(true)
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy()
    // The reason field a rejection reveals is labelled too.
    await user.click(screen.getAllByRole('button', { name: 'Reject' })[0]!)
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Reason (optional)' }))
    expect(await axeViolations(document.body)).toEqual([])
  })
})
