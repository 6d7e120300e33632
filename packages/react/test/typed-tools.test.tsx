import { createReplayFetch } from '@agentstream/core/testing'
import { cleanup, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import {
  AgentStreamProvider,
  type DeepPartial,
  type ToolsFromSchemas,
  type TypedToolCall,
  type UseAgentStreamResult,
  useAgentStream,
  useToolCall,
  useToolCalls,
} from '../src/index'
import { fixture, route } from './fixtures'

afterEach(cleanup)

const weatherArgs = z.object({ city: z.string() })
const timeArgs = z.object({ city: z.string() })

type Tools = ToolsFromSchemas<{
  get_weather: { args: typeof weatherArgs; output: z.ZodString }
  get_local_time: { args: typeof timeArgs; output: z.ZodString }
}>

/** What a typed UI does with a call: narrow by name (and status), then use typed args / output. */
function describeCall(call: TypedToolCall<Tools>): string {
  if (call.status === 'streaming-arguments') return `${call.name}(${call.args?.city ?? '…'})`
  switch (call.name) {
    case 'get_weather':
      return `weather in ${call.args.city}: ${call.output ?? 'pending'}`
    case 'get_local_time':
      return `time in ${call.args.city}: ${call.output ?? 'pending'}`
  }
}

function TypedPanel() {
  const calls = useToolCalls<Tools>()
  return (
    <ul>
      {calls.map((call) => (
        <li key={call.callId}>{describeCall(call)}</li>
      ))}
    </ul>
  )
}

function OneCall({ id }: { id: string }) {
  const call = useToolCall<Tools>(id)
  return <output>{call ? describeCall(call) : 'none'}</output>
}

function App({
  fetch,
  chat,
}: {
  fetch: typeof globalThis.fetch
  chat: { current?: UseAgentStreamResult<Tools> }
}) {
  const result = useAgentStream<Tools>({ url: '/api/agent', fetch })
  chat.current = result
  return (
    <AgentStreamProvider store={result.store}>
      <TypedPanel />
      <OneCall id="call_time_tokyo" />
    </AgentStreamProvider>
  )
}

describe('typed tools', () => {
  it('types tool calls by name from zod schemas', () => {
    expectTypeOf<Tools['get_weather']['args']>().toEqualTypeOf<{ city: string }>()
    expectTypeOf<Tools['get_weather']['output']>().toEqualTypeOf<string>()
    type Weather = Exclude<
      Extract<TypedToolCall<Tools>, { name: 'get_weather' }>,
      { status: 'streaming-arguments' }
    >
    expectTypeOf<Weather['args']>().toEqualTypeOf<{ city: string }>()
    expectTypeOf<Weather['output']>().toEqualTypeOf<string | undefined>()
    type Streaming = Extract<TypedToolCall<Tools>, { name: 'get_weather'; status: 'streaming-arguments' }>
    expectTypeOf<Streaming['args']>().toEqualTypeOf<DeepPartial<{ city: string }> | undefined>()
    expectTypeOf<TypedToolCall<Tools>['name']>().toEqualTypeOf<'get_weather' | 'get_local_time'>()
    expectTypeOf<UseAgentStreamResult<Tools>['toolCalls'][number]>().toEqualTypeOf<TypedToolCall<Tools>>()
    // Without Tools: plain ToolCalls.
    expectTypeOf<UseAgentStreamResult['toolCalls'][number]['name']>().toEqualTypeOf<string>()
  })

  it('chat.toolCalls and the tool hooks carry the recorded calls (openai-agents parallel-tools)', async () => {
    const recorded = fixture('openai-agents/parallel-tools')
    const fetch = createReplayFetch([
      route('openai-agents/parallel-tools', { chunkSizes: 'random', seed: 2 }),
    ])
    const chat: { current?: UseAgentStreamResult<Tools> } = {}
    const view = render(<App fetch={fetch} chat={chat} />)
    await chat.current!.send('Weather and time in Paris and Tokyo?')
    const expected = recorded.summary.toolCalls.map((call) =>
      describeCall({ ...call, argsText: '', status: 'done' } as TypedToolCall<Tools>),
    )
    await waitFor(() =>
      expect(view.getAllByRole('listitem').map((item) => item.textContent)).toEqual(expected),
    )
    expect(view.getByRole('status').textContent).toBe(expected[2])
    const names = chat.current!.toolCalls.map((call) => call.name)
    expect(names).toEqual(['get_weather', 'get_weather', 'get_local_time'])
  })
})
