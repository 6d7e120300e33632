import { messageText } from '@agentstream/core'
import { act, cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  AgentBadge,
  agentHue,
  Chat,
  type ChatComponents,
  HandoffTrail,
  MessageParts,
  type ToolCallRendererProps,
  ToolCallTimeline,
  type ToolRenderers,
} from '../src/index'
import { fixtureEvents, replayStore, route, syncStore } from './fixtures'

afterEach(cleanup)

function WeatherCard({ call }: ToolCallRendererProps) {
  const args = call.args as { city?: string } | undefined
  const output = call.output as { tempC?: number } | undefined
  return (
    <p data-testid="weather">
      {args?.city}: {call.status === 'done' ? `${output?.tempC} °C` : '…'}
    </p>
  )
}

function PlainToolCall({ call }: ToolCallRendererProps) {
  return <span data-testid="plain">{call.name}</span>
}

const everything: ChatComponents = {
  Message: ({ message }) => (
    <section data-testid="message" data-who={message.agent ?? message.role}>
      <MessageParts message={message} />
    </section>
  ),
  Markdown: ({ text, streaming }) => (
    <pre data-testid="markdown" data-streaming={String(!!streaming)}>
      {text}
    </pre>
  ),
  Reasoning: ({ part }) => <blockquote data-testid="reasoning">{part.text}</blockquote>,
  Handoff: ({ part }) => <hr data-testid="handoff" aria-label={`${part.from} → ${part.to}`} />,
  Refusal: ({ part }) => <strong data-testid="refusal">{part.text}</strong>,
  Data: ({ part }) => <code data-testid="data">{part.dataType}</code>,
  EmptyState: () => <p>Ask the agents</p>,
}

describe('renderer overrides', () => {
  it('uses per-tool renderers inline and in the panel, and the ToolCall override for other tools', async () => {
    const tools: ToolRenderers = { get_weather: WeatherCard }
    const components: ChatComponents = { ToolCall: PlainToolCall }
    const store = replayStore([route('ai-sdk/tool-call'), route('openai-agents/parallel-tools')])
    render(
      <Chat.Root store={store} tools={tools} components={components}>
        <Chat.Messages />
        <ToolCallTimeline.Root />
      </Chat.Root>,
    )
    await act(async () => {
      await store.send('Weather in Paris?')
    })
    const conversation = screen.getByRole('region', { name: 'Conversation' })
    const panel = screen.getByRole('region', { name: 'Tool calls' })
    expect(within(conversation).getByTestId('weather').textContent).toBe('Paris: 21 °C')
    expect(within(panel).getByTestId('weather').textContent).toBe('Paris: 21 °C')
    // The wrapper keeps its state attributes around an override.
    expect(within(conversation).getByTestId('weather').closest('.as-tool')?.getAttribute('data-state')).toBe(
      'done',
    )
    await act(async () => {
      await store.send('Weather in Paris and Tokyo, and the time in Tokyo?')
    })
    expect(
      within(panel)
        .getAllByTestId('plain')
        .map((node) => node.textContent),
    ).toEqual(['get_local_time'])
  })

  it('replaces Message, Markdown, Reasoning, Handoff, Refusal, Data and EmptyState', async () => {
    const components = everything
    const store = replayStore([
      route('ai-sdk/reasoning'),
      route('openai-chat/refusal'),
      route('ai-sdk/data-parts'),
      route('openai-agents/handoff'),
    ])
    render(<Chat.Root store={store} components={components} />)
    expect(screen.getByText('Ask the agents')).toBeTruthy()
    for (const input of ['Think', 'Bad', 'Data', 'Tokyo?'])
      await act(async () => {
        await store.send(input)
      })
    expect(screen.getAllByTestId('message').map((node) => node.dataset.who)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'Triage',
      'Weather Agent',
    ])
    expect(screen.getByTestId('handoff').getAttribute('aria-label')).toBe('Triage → Weather Agent')
    expect(screen.getByTestId('reasoning').textContent).toContain('The user wants the weather')
    expect(screen.getByTestId('refusal').textContent).toBe('I’m sorry, but I can’t help with that.')
    expect(screen.getAllByTestId('data').map((node) => node.textContent)).toEqual(['weather', 'notice'])
    const texts = screen.getAllByTestId('markdown').map((node) => node.textContent)
    expect(texts).toContain('It’s 18 °C with light rain in Tokyo — take an umbrella ☔')
    expect(screen.getAllByTestId('markdown').every((node) => node.dataset.streaming === 'false')).toBe(true)
    // User text is not markdown: it is rendered by the default part.
    expect(texts).not.toContain('Tokyo?')
    expect(screen.queryByText('Ask the agents')).toBeNull()
  })
})

describe('handoffs', () => {
  it('AgentBadge: a stable hue per agent name, as a CSS variable', () => {
    expect(agentHue('Weather Agent')).toBe(agentHue('Weather Agent'))
    expect(agentHue('Weather Agent')).not.toBe(agentHue('Triage'))
    for (const name of ['', 'a', 'Triage', 'Weather Agent', 'Ünïcödé 🤖'])
      expect(agentHue(name)).toSatisfy((hue: number) => Number.isInteger(hue) && hue >= 0 && hue < 360)
    render(<AgentBadge name="Triage" current />)
    const badge = screen.getByText('Triage')
    expect(badge.dataset.agent).toBe('Triage')
    expect(badge.dataset.state).toBe('current')
    expect(badge.getAttribute('aria-current')).toBe('step')
    expect(badge.style.getPropertyValue('--as-agent-hue')).toBe(String(agentHue('Triage')))
  })

  it('HandoffTrail follows the recorded run, highlighting the agent speaking now', () => {
    const store = syncStore()
    render(
      <Chat.Root store={store}>
        <HandoffTrail label="Agents" />
      </Chat.Root>,
    )
    expect(screen.queryByRole('navigation')).toBeNull()
    const trails: string[] = []
    for (const event of fixtureEvents('openai-agents/handoff')) {
      act(() => store.dispatch(event))
      const trail = screen.queryByRole('navigation', { name: 'Agents' })
      if (!trail) continue
      const text = [...trail.querySelectorAll('.as-agent-badge')]
        .map((badge) => (badge.getAttribute('aria-current') ? `[${badge.textContent}]` : badge.textContent))
        .join(' → ')
      if (trails[trails.length - 1] !== text) trails.push(text)
    }
    expect(trails).toEqual(['[Triage]', 'Triage → [Weather Agent]'])
  })

  it('the divider in the message list names both agents', async () => {
    const store = replayStore([route('openai-agents/handoff')])
    render(<Chat.Root store={store} />)
    await act(async () => {
      await store.send('Tokyo?')
    })
    const divider = screen.getByRole('separator', { name: 'Triage handed off to Weather Agent' })
    expect(divider.dataset.from).toBe('Triage')
    expect(divider.dataset.to).toBe('Weather Agent')
    expect([...divider.querySelectorAll('.as-agent-badge')].map((badge) => badge.textContent)).toEqual([
      'Triage',
      'Weather Agent',
    ])
    expect(messageText(store.getState().messages.at(-1)!)).toContain('umbrella')
  })
})
