// @vitest-environment node
import * as React from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import { Chat, HandoffTrail, ToolCallTimeline } from '../src/index'

// React 18 logs "useLayoutEffect does nothing on the server" for every layout effect it meets while
// rendering to a string (React 19 no longer does): count the calls instead of the warnings.
const layoutEffects = vi.hoisted(() => ({ calls: 0 }))
vi.mock('react', async (importOriginal) => {
  const actual = await importOriginal<typeof React>()
  return {
    ...actual,
    useLayoutEffect: (...args: Parameters<typeof actual.useLayoutEffect>) => {
      layoutEffects.calls++
      return actual.useLayoutEffect(...args)
    },
  }
})

function Probe() {
  React.useLayoutEffect(() => {})
  return null
}

describe('server rendering', () => {
  it('renders the chat without a single useLayoutEffect', () => {
    expect(typeof document).toBe('undefined')
    const fetch = vi.fn()
    const html = renderToString(
      <Chat.Root url="/api/agent" fetch={fetch}>
        <HandoffTrail />
        <Chat.Messages />
        <ToolCallTimeline.Root />
        <Chat.Composer />
      </Chat.Root>,
    )
    expect(html).toContain('as-chat')
    expect(html).toContain('How can I help?')
    expect(fetch).not.toHaveBeenCalled()
    expect(layoutEffects.calls).toBe(0)
    // The mock is in place: a direct call is counted.
    renderToString(<Probe />)
    expect(layoutEffects.calls).toBe(1)
  })
})
