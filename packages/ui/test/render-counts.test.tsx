import type { RunState } from '@agentstream/core'
import { useAgentSelector, useMessageIds } from '@agentstream/react'
import { act, cleanup, render } from '@testing-library/react'
import { memo, Profiler, type ProfilerOnRenderCallback } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  Chat,
  type ChatComponents,
  Markdown,
  type MarkdownProps,
  MessageParts,
  type MessageRendererProps,
  type ToolCallRendererProps,
  ToolCallTimeline,
} from '../src/index'
import { replayStore, route } from './fixtures'

afterEach(cleanup)

// Two recorded runs in one conversation: a handoff with a tool call, then a long answer streamed in
// small chunks. While the long answer streams, nothing of the first run may re-render.
function conversation() {
  return replayStore([
    route('openai-agents/handoff'),
    route('openai-agents/long-answer', { chunkSizes: 2048 }),
  ])
}

const counts = new Map<string, number>()
const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1)
beforeEach(() => counts.clear())

const onRender: ProfilerOnRenderCallback = (id) => count(id)

// Memoized wrappers, so that a Profiler reports only its own subtree's work.
const ProfiledMessage = memo(({ id }: { id: string }) => (
  <Profiler id={`message:${id}`} onRender={onRender}>
    <Chat.Message id={id} />
  </Profiler>
))
const ProfiledTool = memo(({ id }: { id: string }) => (
  <Profiler id={`tool:${id}`} onRender={onRender}>
    <ToolCallTimeline.Item callId={id} />
  </Profiler>
))

function ProfiledMessages() {
  return useMessageIds().map((id) => <ProfiledMessage key={id} id={id} />)
}

const selectToolCallIds = (state: RunState) => state.toolCallIds

function ProfiledTools() {
  return useAgentSelector(undefined, selectToolCallIds).map((id) => <ProfiledTool key={id} id={id} />)
}

function CountingMarkdown(props: MarkdownProps) {
  count(`markdown:${props.text.slice(0, 24)}`)
  return <Markdown {...props} />
}

function CountingToolCall({ call }: ToolCallRendererProps) {
  count(`tool:${call.callId}`)
  return <span>{call.name}</span>
}

function CountingMessage({ message }: MessageRendererProps) {
  count(`message:${message.id}`)
  return (
    <article>
      <MessageParts message={message} />
    </article>
  )
}

const counting: ChatComponents = {
  Markdown: CountingMarkdown,
  ToolCall: CountingToolCall,
  Message: CountingMessage,
}

describe('render counts while a message streams', () => {
  it('finished messages and finished tool items do not re-render (React Profiler)', async () => {
    const store = conversation()
    render(
      <Chat.Root store={store}>
        <ProfiledMessages />
        <ProfiledTools />
      </Chat.Root>,
    )
    await act(async () => {
      await store.send('Weather in Tokyo?')
    })
    const firstRun = store.getState()
    const settledIds = firstRun.messages.map((message) => message.id)
    expect(settledIds).toHaveLength(3)
    expect(firstRun.toolCallIds).toEqual(['call_weather_tokyo'])
    const before = new Map(counts)

    await act(async () => {
      await store.send('Tell me everything')
    })
    const streamedId = store.getState().messages.at(-1)!.id
    // The streaming message re-rendered many times: the test measures something.
    expect(counts.get(`message:${streamedId}`) ?? 0).toBeGreaterThan(10)
    for (const id of settledIds) expect(counts.get(`message:${id}`), id).toBe(before.get(`message:${id}`))
    expect(counts.get('tool:call_weather_tokyo')).toBe(before.get('tool:call_weather_tokyo'))
  })

  it('the default Chat.Messages re-renders neither finished messages, text nor tool items (render counters)', async () => {
    const store = conversation()
    render(<Chat.Root store={store} components={counting} />)
    await act(async () => {
      await store.send('Weather in Tokyo?')
    })
    const settled = store.getState().messages.map((message) => message.id)
    const before = new Map(counts)
    const triage = `markdown:${'Let me get our weather specialist.'.slice(0, 24)}`
    const weather = `markdown:${'It’s 18 °C with light rain in Tokyo'.slice(0, 24)}`
    expect(before.get(triage)).toBeGreaterThan(0)
    expect(before.get(weather)).toBeGreaterThan(0)
    expect(before.get('tool:call_weather_tokyo')).toBeGreaterThan(0)
    for (const id of settled) expect(before.get(`message:${id}`)).toBeGreaterThan(0)

    await act(async () => {
      await store.send('Tell me everything')
    })
    const streamedId = store.getState().messages.at(-1)!.id
    expect(counts.get(`message:${streamedId}`)).toBeGreaterThan(10)
    for (const key of [triage, weather, 'tool:call_weather_tokyo', ...settled.map((id) => `message:${id}`)])
      expect(counts.get(key), key).toBe(before.get(key))
  })
})
