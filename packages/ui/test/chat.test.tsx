import { type AgentStream, messageText } from '@agentstream/core'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { Chat, HandoffTrail, ToolCallTimeline } from '../src/index'
import { fixtureEvents, replayStore, route, syncStore } from './fixtures'

afterEach(cleanup)

function renderChat(store: AgentStream, children?: ReactNode, props: { theme?: 'light' | 'dark' } = {}) {
  return render(
    <Chat.Root store={store} {...props}>
      {children}
    </Chat.Root>,
  )
}

const liveRegions = () =>
  document.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]')

/** A whole answer in one delta, from request to finish. */
async function answerAll(store: AgentStream, text: string) {
  await act(async () => {
    for (const event of [
      { type: 'request-start' },
      { type: 'text-delta', messageId: 'm1', delta: text },
      { type: 'run-finish', outcome: 'done' },
    ] as const)
      store.dispatch(event)
  })
}

async function sendWithKeyboard(text: string) {
  const user = userEvent.setup()
  const input = screen.getByRole('textbox', { name: 'Message' })
  await user.click(input)
  await user.keyboard(text.replace(/[{[]/g, (c) => c + c))
  await user.keyboard('{Enter}')
  return { user, input }
}

describe('Chat.Root + Messages + Composer over a recorded agents run', () => {
  it('renders the handoff run: messages, divider, agents, tool, trail and announcements', async () => {
    const store = replayStore([route('openai-agents/handoff', { chunkSizes: 'random', seed: 3 })])
    const { container } = renderChat(
      store,
      <>
        <HandoffTrail />
        <Chat.Messages />
        <ToolCallTimeline.Root />
        <Chat.Composer />
      </>,
    )
    await sendWithKeyboard('Weather in Tokyo?')
    await waitFor(() => expect(store.getState().status).toBe('done'))
    await waitFor(() => expect(container.querySelector('.as-chat')?.getAttribute('data-status')).toBe('done'))

    const conversation = screen.getByRole('region', { name: 'Conversation' })
    const articles = within(conversation).getAllByRole('article')
    expect(articles.map((article) => [article.dataset.role, article.dataset.agent ?? null])).toEqual([
      ['user', null],
      ['assistant', 'Triage'],
      ['assistant', 'Weather Agent'],
    ])
    expect(articles[0]).toHaveProperty('textContent', 'YouWeather in Tokyo?')
    expect(articles[1]!.textContent).toContain('Let me get our weather specialist.')
    expect(articles[2]!.textContent).toContain('It’s 18 °C with light rain in Tokyo — take an umbrella ☔')
    expect(articles.every((article) => article.dataset.status === 'done')).toBe(true)
    // The handoff divider sits between the two agents' messages.
    const divider = within(conversation).getByRole('separator', {
      name: 'Triage handed off to Weather Agent',
    })
    expect(articles[1]!.compareDocumentPosition(divider) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(divider.compareDocumentPosition(articles[2]!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    // The tool call, inline in the Weather Agent's message, done, JSON output pretty-printed.
    const inline = within(articles[2]!).getByRole('group', { name: 'Tool get_weather: Done' })
    expect(inline.dataset.state).toBe('done')
    expect(inline.dataset.agent).toBe('Weather Agent')
    expect(inline.querySelector('.as-tool-args')?.textContent).toBe('{\n  "city": "Tokyo"\n}')
    expect(inline.querySelector('.as-tool-output')?.textContent).toBe(
      '{\n  "city": "Tokyo",\n  "tempC": 18,\n  "conditions": "light rain"\n}',
    )
    expect(inline.querySelector('.as-tool-duration')?.textContent).toMatch(/\d+ ms|s$/)
    // …and in the side panel.
    const timeline = screen.getByRole('region', { name: 'Tool calls' })
    expect(within(timeline).getAllByRole('listitem')).toHaveLength(1)
    // The trail: Triage → Weather Agent, the current one marked.
    const trail = screen.getByRole('navigation', { name: 'Agents in this run' })
    expect(
      within(trail)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Triage', '→Weather Agent'])
    expect(trail.querySelector('[aria-current="step"]')?.textContent).toBe('Weather Agent')
    // One polite live region, with finished messages and the tool result; streaming text is not in it.
    expect(liveRegions()).toHaveLength(1)
    const live = screen.getByRole('status')
    expect(live.getAttribute('aria-live')).toBe('polite')
    expect(conversation.closest('[aria-live]')).toBeNull()
  })

  it('announces finished messages and tool results, never partial text', async () => {
    const store = syncStore()
    renderChat(store)
    const live = screen.getByRole('status')
    const heard: string[] = []
    // What a screen reader hears: every node added to the live region.
    const observer = new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) heard.push(node.textContent ?? '')
    })
    observer.observe(live, { childList: true, subtree: true })
    const events = fixtureEvents('openai-agents/handoff')
    for (const event of events)
      await act(async () => {
        store.dispatch(event)
      })
    observer.disconnect()
    // Three announcements for a run of many tokens: the finished messages and the tool result.
    expect(events.filter((event) => event.type === 'text-delta').length).toBeGreaterThan(3)
    expect(heard).toEqual([
      'Triage replied: Let me get our weather specialist.',
      'get_weather finished.',
      'Weather Agent replied: It’s 18 °C with light rain in Tokyo — take an umbrella ☔',
    ])
  })

  it('announces a long answer as its first 400 characters, whitespace collapsed', async () => {
    const store = syncStore()
    renderChat(store)
    const paragraph = 'Word  after\ttab and\nnewline. '.repeat(20)
    const text = `${paragraph}\n\n`.repeat(500)
    await answerAll(store, text)
    const expected = text.replace(/\s+/g, ' ').trim().slice(0, 400)
    expect(screen.getByRole('status').textContent).toBe(`Assistant replied: ${expected}…`)
  })

  it('says a 200 that was not a stream is not a stream, not a refusal', () => {
    const store = syncStore()
    renderChat(store)
    act(() => {
      store.dispatch({ type: 'request-start' })
      store.dispatch({
        type: 'run-error',
        error: {
          kind: 'http',
          status: 200,
          message: 'The server answered 200 with text/html, not an event stream.',
        },
      })
    })
    expect(
      screen.getByRole('group', { name: 'The server did not answer with a stream (HTTP 200)' }),
    ).toBeTruthy()
  })

  it('announces what a markdown answer says, not its markup', async () => {
    const store = syncStore()
    renderChat(store)
    const text =
      '## Weather\n\nIn **Oslo** it’s *4 °C*, see [the forecast](https://example.com/oslo).\n\n- Rain\n- Wind: `12 m/s`\n\n```\nno umbrella\n```'
    await answerAll(store, text)
    expect(screen.getByRole('status').textContent).toBe(
      'Assistant replied: Weather In Oslo it’s 4 °C, see the forecast. Rain Wind: 12 m/s no umbrella',
    )
  })

  it('keeps the answer’s elements when its run ends, so a selection in it survives', async () => {
    const store = syncStore()
    renderChat(store)
    const events = fixtureEvents('ai-sdk/long-answer')
    const end = events.findIndex((event) => event.type === 'run-finish')
    expect(end).toBeGreaterThan(0)
    await act(async () => {
      for (const event of events.slice(0, end)) store.dispatch(event)
    })
    const answer = screen.getAllByRole('article').at(-1)!
    expect(answer.dataset.status).toBe('streaming')
    const paragraphs = [...answer.querySelectorAll('.as-markdown > p')]
    expect(paragraphs.length).toBeGreaterThan(10)
    await act(async () => {
      for (const event of events.slice(end)) store.dispatch(event)
    })
    expect(screen.getAllByRole('article').at(-1)).toBe(answer)
    expect(answer.dataset.status).toBe('done')
    expect([...answer.querySelectorAll('.as-markdown > p')].slice(0, paragraphs.length)).toEqual(paragraphs)
    expect(answer.textContent).toContain(messageText(store.getState().messages.at(-1)!).slice(-40))
  })

  it('sends with Enter, adds a line with Shift+Enter, and stays in the composer', async () => {
    const store = replayStore([route('openai-agents/text')])
    renderChat(store)
    const user = userEvent.setup()
    const input = screen.getByRole('textbox', { name: 'Message' })
    const send = screen.getByRole('button', { name: 'Send message' })
    expect(send).toHaveProperty('disabled', true)
    await user.click(input)
    await user.keyboard('{Enter}')
    expect(store.fetch.requests).toHaveLength(0)
    await user.keyboard('first line{Shift>}{Enter}{/Shift}second line')
    expect(input).toHaveProperty('value', 'first line\nsecond line')
    expect(send).toHaveProperty('disabled', false)
    await user.keyboard('{Enter}')
    expect(input).toHaveProperty('value', '')
    expect(document.activeElement).toBe(input)
    await waitFor(() => expect(store.getState().status).toBe('done'))
    expect(store.fetch.requests).toHaveLength(1)
    expect(screen.getAllByRole('article')[0]!.textContent).toContain('first line\nsecond line')
    expect(document.activeElement).toBe(input)
  })

  it('is read-only while streaming, shows Stop instead of Send, and stopping keeps focus', async () => {
    const store = replayStore([route('ai-sdk/long-answer', { chunkSizes: 256, delay: 15 })])
    renderChat(store)
    const { input } = await sendWithKeyboard('Tell me a long story')
    await waitFor(() => expect(store.getState().status).toBe('streaming'))
    await waitFor(() => expect(input).toHaveProperty('readOnly', true))
    expect(screen.queryByRole('button', { name: 'Send message' })).toBeNull()
    const stop = screen.getByRole('button', { name: 'Stop generating' })
    expect(document.activeElement).toBe(input)
    // Enter does not send while a run is in flight.
    await userEvent.setup().keyboard('{Enter}')
    expect(store.fetch.requests).toHaveLength(1)
    fireEvent.click(stop)
    await waitFor(() => expect(store.getState().status).toBe('stopped'))
    await waitFor(() => expect(input).toHaveProperty('readOnly', false))
    expect(document.activeElement).toBe(input)
    expect(screen.queryByRole('button', { name: 'Stop generating' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Send message' })).toBeTruthy()
    expect(screen.getByRole('status').textContent).toContain('Stopped.')
  })

  it('moves focus to the composer when the run ends while Stop has it, not to the page', async () => {
    const store = replayStore([route('ai-sdk/text', { chunkSizes: 16, delay: 10 })])
    renderChat(store)
    const { user, input } = await sendWithKeyboard('Hi')
    await waitFor(() => expect(screen.getByRole('button', { name: 'Stop generating' })).toBeTruthy())
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Stop generating' }))
    await waitFor(() => expect(store.getState().status).toBe('done'), { timeout: 10_000 })
    await waitFor(() => expect(document.activeElement).toBe(input))
    expect(screen.queryByRole('button', { name: 'Stop generating' })).toBeNull()
  })

  it('without a composer, moves focus from a vanishing Stop to Retry, or else to the conversation', async () => {
    const store = syncStore()
    renderChat(
      store,
      <>
        <Chat.Messages />
        <Chat.StopButton />
      </>,
    )
    const events = fixtureEvents('ai-sdk/error-mid-stream')
    const failure = events.findIndex((event) => event.type === 'run-error')
    expect(failure).toBeGreaterThan(0)
    act(() => {
      for (const event of events.slice(0, failure)) store.dispatch(event)
    })
    screen.getByRole('button', { name: 'Stop generating' }).focus()
    await act(async () => {
      for (const event of events.slice(failure)) store.dispatch(event)
    })
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Retry' }))
    cleanup()

    const done = syncStore()
    renderChat(
      done,
      <>
        <Chat.Messages />
        <Chat.StopButton />
      </>,
    )
    const answer = fixtureEvents('openai-agents/text')
    act(() => done.dispatch(answer[0]!))
    screen.getByRole('button', { name: 'Stop generating' }).focus()
    await act(async () => {
      for (const event of answer.slice(1)) done.dispatch(event)
    })
    expect(done.getState().status).toBe('done')
    expect(document.activeElement).toBe(screen.getByRole('region', { name: 'Conversation' }))
  })

  it('follows the theme switch', () => {
    const { container, rerender } = renderChat(syncStore(), undefined, { theme: 'dark' })
    expect(container.querySelector('.as-chat')?.getAttribute('data-theme')).toBe('dark')
    rerender(<Chat.Root store={syncStore()} theme="light" />)
    expect(container.querySelector('.as-chat')?.getAttribute('data-theme')).toBe('light')
  })

  it('creates its own store from a url and options', async () => {
    const replay = replayStore([route('openai-agents/text')])
    render(<Chat.Root url="/api/agent" fetch={replay.fetch} batch="sync" />)
    await sendWithKeyboard('Hello')
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(2))
    expect(replay.fetch.requests[0]?.url).toBe('/api/agent')
  })
})

describe('Chat.Status', () => {
  it('says connecting, thinking, writing, handing off and calling a tool as the recorded run goes', () => {
    const store = syncStore()
    renderChat(store, <Chat.Status />)
    const seen: string[] = []
    const read = () => {
      const status = document.querySelector<HTMLElement>('.as-status')
      const entry = status ? `${status.dataset.status}: ${status.textContent}` : 'idle'
      if (seen[seen.length - 1] !== entry) seen.push(entry)
    }
    read()
    for (const event of fixtureEvents('openai-agents/handoff')) {
      act(() => store.dispatch(event))
      read()
    }
    expect(seen[0]).toBe('idle')
    expect(seen[1]).toBe('connecting: Connecting…')
    expect(seen).toContain('thinking: Thinking…')
    expect(seen).toContain('responding: Writing…')
    expect(seen).toContain('handoff: Handing off to Weather Agent…')
    expect(seen).toContain('tool: Calling get_weather…')
    expect(seen.indexOf('handoff: Handing off to Weather Agent…')).toBeLessThan(
      seen.indexOf('tool: Calling get_weather…'),
    )
    expect(seen[seen.length - 1]).toBe('idle')
    expect(document.querySelector('.as-status')).toBeNull()
  })

  it('accepts custom labels', () => {
    const store = syncStore()
    renderChat(store, <Chat.Status labels={{ connecting: 'Dialing…' }} />)
    act(() => store.dispatch({ type: 'request-start' }))
    expect(document.querySelector('.as-status')?.textContent).toBe('Dialing…')
  })
})

describe('Chat.ErrorNotice + Chat.RetryButton', () => {
  it('shows a server error from the stream with what happened and retries into the next recording', async () => {
    const store = replayStore([route('ai-sdk/error-mid-stream'), route('ai-sdk/text')])
    renderChat(store)
    const { input } = await sendWithKeyboard('Weather?')
    await waitFor(() => expect(store.getState().status).toBe('error'))
    const notice = await screen.findByRole('group', { name: 'The agent ran into an error' })
    expect(notice.dataset.kind).toBe('server')
    expect(notice.textContent).toContain('Upstream model overloaded')
    // What arrived before the error stays.
    expect(screen.getAllByRole('article')[1]!.textContent).toContain('It’s 21 °C and sun')
    expect(screen.getByRole('status').textContent).toContain('Error: Upstream model overloaded')
    fireEvent.click(within(notice).getByRole('button', { name: 'Retry' }))
    expect(document.activeElement).toBe(input)
    await waitFor(() => expect(store.getState().status).toBe('done'))
    expect(screen.queryByRole('group', { name: 'The agent ran into an error' })).toBeNull()
    expect(screen.getAllByRole('article').at(-1)!.textContent).toContain('Hi there 👋')
    expect(store.fetch.requests).toHaveLength(2)
  })

  it('names HTTP errors with their status and truncated streams as cut off', async () => {
    const http = replayStore([{ body: 'Service unavailable', status: 503 }])
    renderChat(http)
    await act(async () => {
      await http.send('Hi')
    })
    const notice = screen.getByRole('group', { name: /The server refused the request/ })
    expect(notice.dataset.kind).toBe('http')
    expect(notice.textContent).toContain('(HTTP 503)')
    cleanup()

    const truncated = replayStore([route('ai-sdk/broken/truncated')])
    renderChat(truncated)
    await act(async () => {
      await truncated.send('Hi')
    })
    expect(screen.getByRole('group', { name: 'The answer was cut off' }).dataset.kind).toBe('truncated')
  })

  it('renders nothing while there is no error, and Retry only after a stop or an error', async () => {
    const store = syncStore()
    renderChat(store, <Chat.RetryButton>Try again</Chat.RetryButton>)
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull()
    for (const event of fixtureEvents('openai-agents/text').slice(0, 4)) act(() => store.dispatch(event))
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull()
    act(() => store.dispatch({ type: 'request-stop' }))
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy()
  })
})

describe('Chat.IncompleteNotice', () => {
  it.each(['openai-chat/length', 'openai-responses/incomplete'])(
    '%s: says the answer was cut short, announces it so, and retries',
    async (name) => {
      const store = replayStore([route(name), route('openai-chat/text')])
      const { container } = renderChat(store)
      const { input } = await sendWithKeyboard('Write a long essay')
      await waitFor(() => expect(store.getState().status).toBe('incomplete'))
      const notice = await screen.findByRole('group', { name: 'The answer was cut short' })
      expect(notice.dataset.status).toBe('incomplete')
      expect(notice.textContent).toContain('reached its output length limit')
      expect(container.querySelector('.as-chat')?.getAttribute('data-status')).toBe('incomplete')
      // The partial answer stays; the announcement says first that it is partial.
      expect(screen.getAllByRole('article').at(-1)!.textContent).toContain('1. Yuma, 2. Aswan, 3. Las')
      expect(screen.getByRole('status').textContent).toBe(
        'Assistant’s reply was cut short: Here are the ten sunniest cities: 1. Yuma, 2. Aswan, 3. Las',
      )
      fireEvent.click(within(notice).getByRole('button', { name: 'Retry' }))
      expect(document.activeElement).toBe(input)
      await waitFor(() => expect(store.getState().status).toBe('done'))
      expect(screen.queryByRole('group', { name: 'The answer was cut short' })).toBeNull()
      expect(store.fetch.requests).toHaveLength(2)
    },
  )

  it('says so on its own when no text was cut, and takes a title and explanation', () => {
    const store = syncStore()
    renderChat(
      store,
      <Chat.IncompleteNotice title="The reply hit the token limit">Ask for less.</Chat.IncompleteNotice>,
    )
    expect(document.querySelector('.as-incomplete')).toBeNull()
    act(() => {
      store.dispatch({ type: 'request-start' })
      store.dispatch({ type: 'run-finish', outcome: 'incomplete' })
    })
    const notice = screen.getByRole('group', { name: 'The reply hit the token limit' })
    expect(notice.textContent).toBe('The reply hit the token limitAsk for less.Retry')
    expect(screen.getByRole('status').textContent).toBe('The answer was cut short.')
  })

  it('names a content filter when that is what cut the answer', () => {
    const store = syncStore()
    renderChat(store)
    act(() => {
      store.dispatch({ type: 'request-start' })
      store.dispatch({ type: 'run-finish', outcome: 'incomplete', reason: 'content_filter' })
    })
    expect(screen.getByRole('group', { name: 'The answer was cut short' }).textContent).toContain(
      'stopped by a content filter',
    )
  })
})

describe('Chat.EmptyState', () => {
  it('shows until the first message; suggestions send themselves', async () => {
    const store = replayStore([route('openai-agents/text')])
    renderChat(
      store,
      <>
        <Chat.EmptyState suggestions={['What is the weather in Paris?']} />
        <Chat.Messages empty={null} />
        <Chat.Composer />
      </>,
    )
    expect(screen.getByText('How can I help?')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'What is the weather in Paris?' }))
    await waitFor(() => expect(store.getState().status).toBe('done'))
    expect(screen.queryByText('How can I help?')).toBeNull()
    expect(store.fetch.requests).toHaveLength(1)
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' }))
  })

  it('is part of the default message list', () => {
    renderChat(syncStore())
    expect(screen.getByText('How can I help?')).toBeTruthy()
  })
})

describe('Chat.Message: reasoning and refusals', () => {
  it('shows reasoning open while the model thinks and collapses it once the answer starts', () => {
    const store = syncStore()
    renderChat(store, <Chat.Messages />)
    const states: string[] = []
    for (const event of fixtureEvents('ai-sdk/reasoning')) {
      act(() => store.dispatch(event))
      const details = document.querySelector<HTMLDetailsElement>('details.as-reasoning')
      if (!details) continue
      const entry = `${details.open ? 'open' : 'closed'}: ${details.querySelector('summary')?.textContent}`
      if (states[states.length - 1] !== entry) states.push(entry)
    }
    // Open while thinking (and once thought out, until the answer starts), closed once it has.
    expect(states).toEqual(['open: Thinking…', 'open: Reasoning', 'closed: Reasoning'])
    const details = document.querySelector<HTMLDetailsElement>('details.as-reasoning')!
    expect(details.textContent).toContain('The user wants the weather; 21 °C is mild — answer briefly.')
    // The user can still open it.
    fireEvent.click(details.querySelector('summary')!)
    details.open = true
    expect(details.open).toBe(true)
  })

  it('renders a refusal as such', async () => {
    const store = replayStore([route('openai-chat/refusal')])
    renderChat(store)
    await act(async () => {
      await store.send('Do something bad')
    })
    const refusal = screen.getByRole('note', { name: 'Refusal' })
    expect(refusal.textContent).toBe('RefusedI’m sorry, but I can’t help with that.')
    expect(screen.getByRole('status').textContent).toContain('Assistant refused: I’m sorry')
  })
})

describe('Chat.Messages: long histories', () => {
  it('renders only the latest page of 10,000 messages and shows earlier ones on demand', async () => {
    const replay = syncStore()
    for (const event of fixtureEvents('openai-agents/text')) replay.dispatch(event)
    const [answer] = replay.getState().messages
    const messages = Array.from({ length: 10_000 }, (_, index) =>
      index % 2 === 0
        ? {
            id: `u${index}`,
            role: 'user' as const,
            agent: null,
            status: 'done' as const,
            parts: [
              {
                type: 'text' as const,
                id: `u${index}`,
                text: `Question ${index}`,
                agent: null,
                state: 'done' as const,
              },
            ],
          }
        : { ...answer!, id: `a${index}` },
    )
    const store = replayStore([route('openai-agents/text')], {
      initialState: { ...replay.getState(), messages, status: 'done' },
    })
    const started = performance.now()
    renderChat(store, <Chat.Messages pageSize={40} />)
    expect(performance.now() - started).toBeLessThan(2000)
    expect(screen.getAllByRole('article')).toHaveLength(40)
    expect(screen.getAllByRole('article')[0]!.textContent).toContain('Question 9960')
    fireEvent.click(screen.getByRole('button', { name: 'Show earlier messages (9960)' }))
    expect(screen.getAllByRole('article')).toHaveLength(80)
    expect(screen.getByRole('button', { name: 'Show earlier messages (9920)' })).toBeTruthy()
    // New messages keep the window the same size.
    await act(async () => {
      await store.send('One more')
    })
    expect(screen.getAllByRole('article')).toHaveLength(80)
    const last = screen.getAllByRole('article').at(-1)!
    expect(last.dataset.role).toBe('assistant')
    expect(last.textContent).toContain(messageText(answer!))
  })

  it('moves focus to the first revealed message when the last page of earlier messages is shown', async () => {
    const store = syncStore()
    for (let index = 0; index < 25; index++)
      store.dispatch({ type: 'user-message', id: `u${index}`, text: `Question ${index}` })
    renderChat(store, <Chat.Messages pageSize={10} />)
    const user = userEvent.setup()
    screen.getByRole('button', { name: 'Show earlier messages (15)' }).focus()
    // A page with more to come: the button stays, and keeps focus.
    await user.keyboard('{Enter}')
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Show earlier messages (5)' }))
    await user.keyboard('{Enter}')
    expect(screen.queryByRole('button', { name: /Show earlier messages/ })).toBeNull()
    const first = screen.getAllByRole('article')[0]!
    expect(first.textContent).toContain('Question 0')
    expect(document.activeElement).toBe(first)
    expect(first.tabIndex).toBe(-1)
    // Focusable only until focus leaves it: no stray stop for Tab or clicks afterwards.
    await user.tab()
    expect(first.hasAttribute('tabindex')).toBe(false)
  })

  it('lets go of the bottom when the user scrolls up and jumps back on request', () => {
    renderChat(syncStore(), <Chat.Messages />)
    const region = screen.getByRole('region', { name: 'Conversation' })
    Object.defineProperty(region, 'scrollHeight', { configurable: true, value: 2000 })
    Object.defineProperty(region, 'clientHeight', { configurable: true, value: 500 })
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull()
    act(() => {
      region.dispatchEvent(new WheelEvent('wheel', { deltaY: -120 }))
    })
    expect(region.closest('.as-messages')?.getAttribute('data-state')).toBe('released')
    const jump = screen.getByRole('button', { name: 'Jump to latest' })
    fireEvent.click(jump)
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull()
    expect(region.scrollTop).toBe(2000)
    expect(document.activeElement).toBe(region)
    expect(region.closest('.as-messages')?.getAttribute('data-state')).toBe('stuck')
  })
})
