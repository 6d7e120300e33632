/**
 * Fixture recorder for @agentstream/core.
 *
 *   cd packages/core && npx tsx scripts/record-fixtures.ts      (or: pnpm fixtures)
 *
 * Writes, for every protocol, recorded SSE response bodies made by the REAL libraries, fully
 * offline and deterministic, to src/protocols/__fixtures__/<protocol>/:
 *   <name>.sse            the exact response body bytes
 *   <name>.headers.json   the response headers (flat object)
 *   <name>.summary.json   the EXPECTED run summary (/work/shared/run-summary.md)
 * and broken variants of each protocol's `text` fixture under <protocol>/broken/ (see ./fixtures/broken.ts
 * and __fixtures__/README.md).
 *
 * How each protocol is produced
 *  - openai-agents:    `@openai/agents` Agents + tools + handoffs + a needsApproval tool, `run(agent, input,
 *                      {stream:true})`, model = the SDK's own OpenAIResponsesModel with an `OpenAI` client whose
 *                      baseURL is a loopback server (127.0.0.1, port 0) playing scripted Responses turns.
 *                      Each RunStreamEvent is written as `data: ${JSON.stringify(event)}\n\n`; when the run throws,
 *                      the server convention `data: {"type":"error","error":{"name","message"}}` is appended.
 *  - openai-responses: the scripted turns themselves, `event: <type>\ndata: <json>\n\n`.
 *  - openai-chat:      hand-built `ChatCompletionChunk`s, `data: <json>\n\n` … `data: [DONE]\n\n`.
 *  - ai-sdk:           `streamText` + `MockLanguageModelV3` + `simulateReadableStream` → `toUIMessageStreamResponse()`
 *                      (and `createUIMessageStream` for data parts); body and headers read from the Response.
 *  - ag-ui:            `@ag-ui/core` typed events encoded with `new EventEncoder().encodeSSE(e)`.
 *  - text:             `data: <text>\n\n` frames (one `data:` line per line of text).
 *
 * Expected summaries are written by hand from what this script scripted (model turns, tool results, injected
 * errors) — never by decoding the bodies. Light self-checks compare them with facts read from the library
 * objects actually produced (message texts, tool outputs, handoffs, AI SDK's own `readUIMessageStream`) and
 * fail loudly when a library does something other than what was scripted.
 *
 * Determinism: ids, timestamps (`created_at`, `created`, AG-UI `timestamp`), request ids and AI SDK ids
 * (`_internal.generateId`, `generateMessageId`) are all fixed. Nothing here is random.
 *
 * Interpretations of run-summary.md made here (the contract leaves them open):
 *  1. toolCalls[].status uses src/state.ts's ToolCallStatus vocabulary, see ToolStatus in ./fixtures/summary.ts
 *     (streaming-arguments | running | awaiting-approval | done | error | denied); Responses/Chat calls end `running`.
 *  2. A call waiting for approval is listed in `toolCalls` (status `awaiting-approval`) AND in `approvals`.
 *  3. openai-agents: a throwing tool is `status: "done"` with the SDK's error string as `output` and no `error`
 *     (the protocol does not mark it). A `tool_output` without `executionStatus` (approval rejected) is `denied`.
 *     A resumed stream (`approval-resume`/`-rejected`) only carries `tool_output` for the approved call, so that
 *     call has no `args`.
 *  4. openai-agents: a message's agent is its `message_output_created` item's agent; text whose item never
 *     arrived gets the current agent (last item agent / agent_updated), or null if none was seen yet.
 *     `error` is the message of the server's `{"type":"error"}` frame (not the raw `response.failed` inside a
 *     `model` event). `usage` is the last `response_done`'s `response.usage`, copied from the wire.
 *  5. Errors are sticky: once the stream carried an error, status is `error` even if a success end follows
 *     (the AI SDK sends `finish` + `[DONE]` after an `error` chunk). errorKind is `"server"` for every error the
 *     stream itself carried, `"truncated"` for a stream that ended before its terminal event, with the kit
 *     wording TRUNCATED_ERROR below.
 *  6. openai-agents and text have no terminal event: they are truncated only when the bytes end inside a frame.
 *  7. `incomplete` (Responses `response.incomplete`, Chat `finish_reason: "length"`) has error/errorKind null.
 *  8. reasoning: one string per reasoning block (Responses/agents reasoning item, AI SDK reasoning part id,
 *     AG-UI reasoning messageId). Fixtures use one summary part per reasoning item, so how several parts of
 *     one item join is not exercised.
 *  9. Responses `refusal` content and Chat `delta.refusal` go to `refusals`, not `messages`.
 * 10. AI SDK: every `text-start` starts a new message even when the id repeats (the repeated-text-id fixture;
 *     `streamText` itself renames a provider id reused in a later step, see the tool-call fixture). `data` keeps
 *     the wire `type` (`data-weather`), replaces a same type+id part in place, appends parts without id, and
 *     leaves out `transient` parts. `metadata` is the merge of every `messageMetadata` (start, message-metadata,
 *     finish). `usage` is `metadata.usage` when the metadata carries a `usage` key (the metadata fixture does),
 *     else omitted. A call seen only through `tool-output-denied` / `tool-output-available` (the continuation
 *     after an approval: approval-denied, approval-resume) has `name: ""` and no `args` (the chunks carry neither).
 * 11. AG-UI: a message's agent is its `TEXT_MESSAGE_START.name` / `TEXT_MESSAGE_CHUNK.name` (every fixture message
 *     is named). Tool calls carry no name: their agent is the `name` of the SUBAGENT_STARTED whose
 *     `subagentRunId` they carry (handoff fixture), else null. The agent at the end is the last name seen
 *     (messages and SUBAGENT_STARTED); a handoff is SUBAGENT_STARTED from the last named speaker to its `name`;
 *     approvals come from a RUN_FINISHED interrupt's `toolCallId` (name/args from that tool call).
 *     TOOL_CALL_RESULT content is the `output` string even when it describes a failure (no `error` key).
 *     A TOOL_CALL_RESULT whose call was started in an earlier run (approval-resume) has `name: ""` and no `args`.
 * 12. text: the message text is the concatenation of every frame's data (multi-line data joined with "\n").
 * 13. long-answer: deltas come from a fixed-seed generator (longDeltas) so the expected text is known.
 * 14. An SSE event named `error` (broken/event-error, every protocol): `error` is the `message` of its JSON data,
 *     errorKind `"server"`. TRUNCATED_ERROR is the wording src/reduce.ts uses for its `truncated` error.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BaseEvent, EventType } from '@ag-ui/core'
import { EventEncoder } from '@ag-ui/encoder'
import {
  Agent,
  tool as agentTool,
  OpenAIResponsesModel,
  type RunState,
  type RunStreamEvent,
  run,
  setTracingDisabled,
} from '@openai/agents'
import {
  tool as aiTool,
  convertToModelMessages,
  createUIMessageStream,
  createUIMessageStreamResponse,
  readUIMessageStream,
  stepCountIs,
  streamText,
  type UIMessage,
  type UIMessageChunk,
} from 'ai'
import { MockLanguageModelV3, simulateReadableStream } from 'ai/test'
import OpenAI from 'openai'
import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import type { ResponseStreamEvent } from 'openai/resources/responses/responses'
import { z } from 'zod'
import * as broken from './fixtures/broken'
import {
  joined,
  responseEvents,
  responsesFrame,
  usage as responsesUsage,
  ScriptedResponsesServer,
  type Turn,
} from './fixtures/responses-turns'
import { type Protocol, type RunSummary, summary, withChanges } from './fixtures/summary'

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// Shared
// ─────────────────────────────────────────────────────────────────────────────────────────────────

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../src/protocols/__fixtures__')

/** 2026-01-01T00:00:00Z, in seconds. Every clock in the fixtures starts here. */
const T0 = 1767225600

/** The kit's wording for a stream that ended before its terminal event (interpretation 5). */
const TRUNCATED_ERROR = 'The stream ended before the run finished.'

/** A short answer with multi-byte UTF-8 (°, —, 👋, …, ’). */
const TEXT_DELTAS = ['Hi', ' there', ' 👋', ' — it', '’s 21', ' °C in', ' Paris', ' right now…']
const TEXT = joined(TEXT_DELTAS) // "Hi there 👋 — it’s 21 °C in Paris right now…"

const REASONING_DELTAS = ['The user', ' wants the', ' weather;', ' 21 °C is', ' mild —', ' answer briefly.']
const REASONING = joined(REASONING_DELTAS)
const REASONED_ANSWER_DELTAS = ['It’s', ' a mild', ' 21 °C', ' — enjoy', ' the day', ' ☀️']
const REASONED_ANSWER = joined(REASONED_ANSWER_DELTAS)

const WEATHER: Record<string, { city: string; tempC: number; conditions: string }> = {
  Paris: { city: 'Paris', tempC: 21, conditions: 'sunny' },
  Tokyo: { city: 'Tokyo', tempC: 18, conditions: 'light rain' },
}
const LOCAL_TIME: Record<string, string> = { Tokyo: '09:30 JST', Paris: '01:30 CET' }
const FORECAST_ERROR = 'Forecast service unavailable (HTTP 503)'
const REFUND_ARGS = { orderId: 'A-1001', amount: 42.5 }
const REFUND_OUTPUT = 'Refunded $42.50 on order A-1001'

/**
 * ≥ 2,000 deterministic text deltas: words drawn by a fixed-seed LCG (multi-byte words included),
 * a sentence break every 12 words, a paragraph break every 10 sentences.
 */
function longDeltas(count = 2000): string[] {
  const words = [
    'agents',
    'stream',
    'tokens',
    'quickly',
    'while',
    'the',
    'client',
    'renders',
    'every',
    'delta',
    'once',
    'café',
    'naïve',
    'résumé',
    'über',
    '21 °C',
    '—',
    '…',
    '👋',
    '東京',
    'weather',
    'tool',
    'calls',
    'and',
    'handoffs',
    'arrive',
    'in',
    'order',
    'over',
    'SSE',
  ]
  let seed = 20260101
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed
  }
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const word = words[next() % words.length]!
    if (i === 0) out.push('Sure')
    else if (i % 120 === 0) out.push(`.\n\n${word[0]!.toUpperCase()}${word.slice(1)}`)
    else if (i % 12 === 0) out.push(`. ${word[0]!.toUpperCase()}${word.slice(1)}`)
    else out.push(` ${word}`)
  }
  out[out.length - 1] += '.'
  return out
}
const LONG_DELTAS = longDeltas()
const LONG_TEXT = joined(LONG_DELTAS)

/** Split a string into pieces of at most `size` code points (never inside a surrogate pair). */
function pieces(s: string, size: number): string[] {
  const chars = [...s]
  const out: string[] = []
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''))
  return out
}

type Headers = Record<string, string>
const SSE_HEADERS: Headers = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
}

interface Recorded {
  body: string | Uint8Array
  headers: Headers
  summary: RunSummary
}
const written: string[] = []

function writeFixture(protocol: Protocol, name: string, fixture: Recorded): void {
  const base = join(FIXTURES, protocol, name)
  mkdirSync(dirname(base), { recursive: true })
  writeFileSync(`${base}.sse`, fixture.body)
  writeFileSync(`${base}.headers.json`, `${JSON.stringify(fixture.headers, null, 2)}\n`)
  writeFileSync(`${base}.summary.json`, `${JSON.stringify(fixture.summary, null, 2)}\n`)
  written.push(`${protocol}/${name}`)
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`fixture self-check failed: ${message}`)
}
function checkEqual(actual: unknown, expected: unknown, message: string): void {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  check(a === e, `${message}\n  actual:   ${a}\n  expected: ${e}`)
}

/** Index of the n-th frame (0-based) that satisfies `pred`. */
function nthFrame(frames: string[], n: number, pred: (frame: string) => boolean): number {
  let seen = -1
  for (let i = 0; i < frames.length; i++) if (pred(frames[i]!) && ++seen === n) return i
  throw new Error(`frame #${n} not found`)
}

// Scripted Responses turn helpers (shared by openai-agents and openai-responses).
const message = (id: string, deltas: string[]) => ({ type: 'message' as const, id, deltas })
const reasoningItem = (id: string, summary: string[]) => ({ type: 'reasoning' as const, id, summary })
const refusalItem = (id: string, deltas: string[]) => ({ type: 'refusal' as const, id, deltas })
/** A function call whose JSON arguments stream in 8-character fragments. */
const functionCall = (id: string, callId: string, name: string, args: unknown) => ({
  type: 'function_call' as const,
  id,
  callId,
  name,
  argDeltas: pieces(JSON.stringify(args), 8),
})
function turn(
  id: string,
  n: number,
  items: Turn['items'],
  usage = responsesUsage(0, 0),
  end: Turn['end'] = { type: 'completed' },
): Turn {
  return { id, createdAt: T0 + n, items, end, usage }
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// openai-agents
// ─────────────────────────────────────────────────────────────────────────────────────────────────

const AGENT_DEFAULT_TOOL_ERROR = 'An error occurred while running the tool. Please try again.'
const AGENT_REJECTED_OUTPUT = 'Tool execution was not approved.'

interface AgentsRecording {
  body: string
  events: any[]
  result: Awaited<ReturnType<typeof runStreamed>>
}
function runStreamed(agent: Agent<any, any>, input: string | RunState<any, any>, maxTurns?: number) {
  return run(agent, input, { stream: true, ...(maxTurns ? { maxTurns } : {}) })
}

async function recordAgents(
  server: ScriptedResponsesServer,
  agent: Agent<any, any>,
  input: string | RunState<any, any>,
  turns: Turn[],
  maxTurns?: number,
): Promise<AgentsRecording> {
  server.script(turns)
  const result = await runStreamed(agent, input, maxTurns)
  const frames: string[] = []
  const events: any[] = []
  const emit = (event: RunStreamEvent | { type: 'error'; error: { name: string; message: string } }) => {
    const json = JSON.stringify(event)
    frames.push(`data: ${json}\n\n`)
    events.push(JSON.parse(json))
  }
  try {
    for await (const event of result) emit(event)
    if (result.error) throw result.error
  } catch (err) {
    const e = err as Error
    emit({ type: 'error', error: { name: e.name, message: e.message } })
  }
  server.assertDrained()
  return { body: frames.join(''), events, result }
}

const runItems = (events: any[], name: string) =>
  events.filter((e) => e.type === 'run_item_stream_event' && e.name === name).map((e) => e.item)

/** The last `response_done`'s usage, exactly as the wire carries it. */
function agentsUsage(events: any[]): unknown {
  const done = events.filter((e) => e.type === 'raw_model_stream_event' && e.data.type === 'response_done')
  return done.at(-1)?.data.response.usage
}

/** Compare an expected summary with facts read from the SDK's run items. */
function checkAgents(name: string, rec: AgentsRecording, s: RunSummary): void {
  const created = runItems(rec.events, 'message_output_created').map((item) => ({
    agent: item.agent.name,
    text: item.rawItem.content.map((c: any) => c.text ?? '').join(''),
  }))
  const expectedCreated = s.messages.slice(0, created.length).map((m) => ({ agent: m.agent, text: m.text }))
  checkEqual(created, expectedCreated, `${name}: message_output_created`)
  for (const call of s.toolCalls) {
    const called = runItems(rec.events, 'tool_called').find((i) => i.rawItem.callId === call.callId)
    if (call.args !== undefined) {
      check(called, `${name}: tool_called ${call.callId}`)
      checkEqual(JSON.parse(called.rawItem.arguments), call.args, `${name}: args of ${call.callId}`)
      checkEqual(called.agent.name, call.agent, `${name}: agent of ${call.callId}`)
    }
    const output = runItems(rec.events, 'tool_output').find((i) => i.rawItem.callId === call.callId)
    if (call.output !== undefined) {
      check(output, `${name}: tool_output ${call.callId}`)
      checkEqual(output.output, call.output, `${name}: output of ${call.callId}`)
      checkEqual(output.rawItem.name, call.name, `${name}: name of ${call.callId}`)
      checkEqual(output.executionStatus === undefined, call.status === 'denied', `${name}: executionStatus`)
    } else check(!output, `${name}: unexpected tool_output for ${call.callId}`)
  }
  const handoffs = runItems(rec.events, 'handoff_occurred').map((i) => ({
    from: i.sourceAgent.name,
    to: i.targetAgent.name,
  }))
  checkEqual(handoffs, s.handoffs, `${name}: handoffs`)
  const approvals = runItems(rec.events, 'tool_approval_requested').map((i) => i.rawItem.callId)
  checkEqual(
    approvals,
    s.approvals.map((a) => a.callId),
    `${name}: approvals`,
  )
  const reasoning = runItems(rec.events, 'reasoning_item_created').map((i) =>
    i.rawItem.content.map((c: any) => c.text).join(''),
  )
  checkEqual(reasoning, s.reasoning, `${name}: reasoning`)
  const last = rec.events.at(-1)
  if (s.status === 'error')
    checkEqual(last.type === 'error' && last.error.message, s.error, `${name}: error frame`)
  else check(last.type !== 'error', `${name}: unexpected error frame ${JSON.stringify(last)}`)
}

async function recordOpenAIAgents(): Promise<void> {
  setTracingDisabled(true)
  const server = await ScriptedResponsesServer.start()
  try {
    const client = new OpenAI({ apiKey: 'sk-fixture-offline', baseURL: server.baseURL, maxRetries: 0 })
    const model = new OpenAIResponsesModel(client, 'gpt-5.4-mini')

    const getWeather = agentTool({
      name: 'get_weather',
      description: 'Current weather for a city.',
      parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => WEATHER[city] ?? { city, tempC: null, conditions: 'unknown' },
    })
    const getLocalTime = agentTool({
      name: 'get_local_time',
      description: 'Local time in a city.',
      parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => LOCAL_TIME[city] ?? 'unknown',
    })
    const getForecast = agentTool({
      name: 'get_forecast',
      description: 'Multi-day forecast for a city.',
      parameters: z.object({ city: z.string(), days: z.number().int() }),
      execute: async () => {
        throw new Error(FORECAST_ERROR)
      },
    })
    const issueRefund = agentTool({
      name: 'issue_refund',
      description: 'Refund an order. Needs human approval.',
      parameters: z.object({ orderId: z.string(), amount: z.number() }),
      needsApproval: true,
      execute: async ({ orderId, amount }) => `Refunded $${amount.toFixed(2)} on order ${orderId}`,
    })
    const assistant = new Agent({
      name: 'Assistant',
      instructions: 'You are a helpful assistant.',
      model,
      tools: [getWeather, getLocalTime, getForecast, issueRefund],
    })
    const weatherAgent = new Agent({
      name: 'Weather Agent',
      handoffDescription: 'Answers questions about the weather.',
      instructions: 'You answer weather questions using get_weather.',
      model,
      tools: [getWeather],
    })
    const triage = new Agent({
      name: 'Triage',
      instructions: 'Route the user to the right specialist.',
      model,
      handoffs: [weatherAgent],
    })

    const headers = SSE_HEADERS
    const save = (name: string, rec: AgentsRecording, s: RunSummary) => {
      checkAgents(name, rec, s)
      writeFixture('openai-agents', name, { body: rec.body, headers, summary: s })
    }

    // text
    {
      const rec = await recordAgents(server, assistant, 'Say hi and tell me the weather in Paris.', [
        turn('resp_text_01', 0, [message('msg_text_01', TEXT_DELTAS)], responsesUsage(42, 12)),
      ])
      const s = summary('openai-agents', {
        agent: 'Assistant',
        messages: [{ agent: 'Assistant', text: TEXT }],
        usage: agentsUsage(rec.events),
      })
      save('text', rec, s)
      agentsTextBody = rec.body
      agentsTextSummary = s
    }

    // reasoning
    {
      const rec = await recordAgents(server, assistant, 'Is 21 °C warm?', [
        turn(
          'resp_reasoning_01',
          0,
          [
            reasoningItem('rs_reasoning_01', REASONING_DELTAS),
            message('msg_reasoning_01', REASONED_ANSWER_DELTAS),
          ],
          responsesUsage(40, 64, 48),
        ),
      ])
      save(
        'reasoning',
        rec,
        summary('openai-agents', {
          agent: 'Assistant',
          messages: [{ agent: 'Assistant', text: REASONED_ANSWER }],
          reasoning: [REASONING],
          usage: agentsUsage(rec.events),
        }),
      )
    }

    // tool-call
    {
      const answer = ['It’s 21', ' °C and', ' sunny in', ' Paris.']
      const rec = await recordAgents(server, assistant, 'Weather in Paris?', [
        turn(
          'resp_tool_01',
          0,
          [functionCall('fc_tool_01', 'call_weather_paris', 'get_weather', { city: 'Paris' })],
          responsesUsage(80, 18),
        ),
        turn('resp_tool_02', 1, [message('msg_tool_02', answer)], responsesUsage(120, 11)),
      ])
      save(
        'tool-call',
        rec,
        summary('openai-agents', {
          agent: 'Assistant',
          messages: [{ agent: 'Assistant', text: joined(answer) }],
          toolCalls: [
            {
              callId: 'call_weather_paris',
              name: 'get_weather',
              agent: 'Assistant',
              args: { city: 'Paris' },
              output: JSON.stringify(WEATHER.Paris),
              status: 'done',
            },
          ],
          usage: agentsUsage(rec.events),
        }),
      )
    }

    // tool-error: the tool throws; the SDK's default errorFunction turns it into an output string.
    {
      const answer = ['Sorry —', ' the forecast', ' service is', ' down right', ' now.']
      const rec = await recordAgents(server, assistant, '3-day forecast for Paris?', [
        turn(
          'resp_toolerr_01',
          0,
          [functionCall('fc_toolerr_01', 'call_forecast_paris', 'get_forecast', { city: 'Paris', days: 3 })],
          responsesUsage(80, 20),
        ),
        turn('resp_toolerr_02', 1, [message('msg_toolerr_02', answer)], responsesUsage(130, 12)),
      ])
      save(
        'tool-error',
        rec,
        summary('openai-agents', {
          agent: 'Assistant',
          messages: [{ agent: 'Assistant', text: joined(answer) }],
          toolCalls: [
            {
              callId: 'call_forecast_paris',
              name: 'get_forecast',
              agent: 'Assistant',
              args: { city: 'Paris', days: 3 },
              output: AGENT_DEFAULT_TOOL_ERROR,
              status: 'done',
            },
          ],
          usage: agentsUsage(rec.events),
        }),
      )
    }

    // parallel-tools: three calls in one response (object outputs are JSON-encoded, a string stays as is).
    {
      const answer = [
        'Paris: 21',
        ' °C, sunny.',
        ' Tokyo: 18',
        ' °C, light',
        ' rain, and',
        ' it’s 09:30',
        ' there.',
      ]
      const rec = await recordAgents(
        server,
        assistant,
        'Weather in Paris and Tokyo, and the time in Tokyo?',
        [
          turn(
            'resp_parallel_01',
            0,
            [
              functionCall('fc_parallel_01', 'call_weather_paris', 'get_weather', { city: 'Paris' }),
              functionCall('fc_parallel_02', 'call_weather_tokyo', 'get_weather', { city: 'Tokyo' }),
              functionCall('fc_parallel_03', 'call_time_tokyo', 'get_local_time', { city: 'Tokyo' }),
            ],
            responsesUsage(90, 54),
          ),
          turn('resp_parallel_02', 1, [message('msg_parallel_02', answer)], responsesUsage(180, 24)),
        ],
      )
      save(
        'parallel-tools',
        rec,
        summary('openai-agents', {
          agent: 'Assistant',
          messages: [{ agent: 'Assistant', text: joined(answer) }],
          toolCalls: [
            {
              callId: 'call_weather_paris',
              name: 'get_weather',
              agent: 'Assistant',
              args: { city: 'Paris' },
              output: JSON.stringify(WEATHER.Paris),
              status: 'done',
            },
            {
              callId: 'call_weather_tokyo',
              name: 'get_weather',
              agent: 'Assistant',
              args: { city: 'Tokyo' },
              output: JSON.stringify(WEATHER.Tokyo),
              status: 'done',
            },
            {
              callId: 'call_time_tokyo',
              name: 'get_local_time',
              agent: 'Assistant',
              args: { city: 'Tokyo' },
              output: LOCAL_TIME.Tokyo,
              status: 'done',
            },
          ],
          usage: agentsUsage(rec.events),
        }),
      )
    }

    // handoff: Triage says a sentence and hands off in the same response; the specialist calls a tool and answers.
    {
      const intro = ['Let me', ' get our', ' weather', ' specialist.']
      const answer = ['It’s 18', ' °C with', ' light rain', ' in Tokyo', ' — take an', ' umbrella ☔']
      const rec = await recordAgents(server, triage, 'What’s the weather in Tokyo?', [
        turn(
          'resp_handoff_01',
          0,
          [
            message('msg_handoff_01', intro),
            functionCall('fc_handoff_01', 'call_transfer_weather', 'transfer_to_Weather_Agent', {}),
          ],
          responsesUsage(60, 22),
        ),
        turn(
          'resp_handoff_02',
          1,
          [functionCall('fc_handoff_02', 'call_weather_tokyo', 'get_weather', { city: 'Tokyo' })],
          responsesUsage(95, 17),
        ),
        turn('resp_handoff_03', 2, [message('msg_handoff_03', answer)], responsesUsage(140, 16)),
      ])
      save(
        'handoff',
        rec,
        summary('openai-agents', {
          agent: 'Weather Agent',
          messages: [
            { agent: 'Triage', text: joined(intro) },
            { agent: 'Weather Agent', text: joined(answer) },
          ],
          toolCalls: [
            {
              callId: 'call_weather_tokyo',
              name: 'get_weather',
              agent: 'Weather Agent',
              args: { city: 'Tokyo' },
              output: JSON.stringify(WEATHER.Tokyo),
              status: 'done',
            },
          ],
          handoffs: [{ from: 'Triage', to: 'Weather Agent' }],
          usage: agentsUsage(rec.events),
        }),
      )
      const updated = rec.events
        .filter((e) => e.type === 'agent_updated_stream_event')
        .map((e) => e.agent.name)
      checkEqual(updated, ['Weather Agent'], 'handoff: agent_updated_stream_event')
    }

    // approval, approval-resume, approval-rejected
    const intro = ['I can', ' refund that', ' order — a', ' human needs', ' to approve', ' it first.']
    const approvalTurn = turn(
      'resp_approval_01',
      0,
      [
        message('msg_approval_01', intro),
        functionCall('fc_approval_01', 'call_refund_a1001', 'issue_refund', REFUND_ARGS),
      ],
      responsesUsage(85, 30),
    )
    const refundCall = { callId: 'call_refund_a1001', name: 'issue_refund', agent: 'Assistant' }
    {
      const first = await recordAgents(server, assistant, 'Please refund order A-1001 ($42.50).', [
        approvalTurn,
      ])
      save(
        'approval',
        first,
        summary('openai-agents', {
          status: 'interrupted',
          agent: 'Assistant',
          messages: [{ agent: 'Assistant', text: joined(intro) }],
          toolCalls: [{ ...refundCall, args: REFUND_ARGS, status: 'awaiting-approval' }],
          approvals: [{ callId: refundCall.callId, name: refundCall.name, args: REFUND_ARGS }],
          usage: agentsUsage(first.events),
        }),
      )
      const interruption = first.result.interruptions[0]
      check(interruption, 'approval: interruption')
      first.result.state.approve(interruption)
      const answer = ['Done —', ' I refunded', ' $42.50 on', ' order', ' A-1001.']
      const resumed = await recordAgents(server, assistant, first.result.state, [
        turn('resp_approval_02', 1, [message('msg_approval_02', answer)], responsesUsage(140, 14)),
      ])
      save(
        'approval-resume',
        resumed,
        summary('openai-agents', {
          agent: 'Assistant',
          messages: [{ agent: 'Assistant', text: joined(answer) }],
          toolCalls: [{ ...refundCall, output: REFUND_OUTPUT, status: 'done' }],
          usage: agentsUsage(resumed.events),
        }),
      )
    }
    {
      const first = await recordAgents(server, assistant, 'Please refund order A-1001 ($42.50).', [
        approvalTurn,
      ])
      const interruption = first.result.interruptions[0]
      check(interruption, 'approval-rejected: interruption')
      first.result.state.reject(interruption)
      const answer = ['Okay —', ' I did not', ' issue the', ' refund.']
      const rejected = await recordAgents(server, assistant, first.result.state, [
        turn('resp_rejected_02', 1, [message('msg_rejected_02', answer)], responsesUsage(140, 10)),
      ])
      save(
        'approval-rejected',
        rejected,
        summary('openai-agents', {
          agent: 'Assistant',
          messages: [{ agent: 'Assistant', text: joined(answer) }],
          toolCalls: [{ ...refundCall, output: AGENT_REJECTED_OUTPUT, status: 'denied' }],
          usage: agentsUsage(rejected.events),
        }),
      )
    }

    // error-mid-stream: a tool turn, then the answer stops after three deltas with `response.failed`.
    {
      const partial = ['It’s 21', ' °C and', ' sun']
      const rec = await recordAgents(server, assistant, 'Weather in Paris?', [
        turn(
          'resp_err_01',
          0,
          [functionCall('fc_err_01', 'call_weather_paris', 'get_weather', { city: 'Paris' })],
          responsesUsage(80, 18),
        ),
        turn('resp_err_02', 1, [{ ...message('msg_err_02', partial), cut: true }], responsesUsage(120, 3), {
          type: 'failed',
          code: 'server_error',
          message: 'The server had an error while processing your request. Sorry about that!',
        }),
      ])
      save(
        'error-mid-stream',
        rec,
        summary('openai-agents', {
          status: 'error',
          error: 'OpenAI Responses request ended with unsuccessful terminal state "response.failed".',
          errorKind: 'server',
          agent: 'Assistant',
          messages: [{ agent: 'Assistant', text: joined(partial) }],
          toolCalls: [
            {
              callId: 'call_weather_paris',
              name: 'get_weather',
              agent: 'Assistant',
              args: { city: 'Paris' },
              output: JSON.stringify(WEATHER.Paris),
              status: 'done',
            },
          ],
          usage: agentsUsage(rec.events),
        }),
      )
      const failed = rec.events.filter(
        (e) => e.type === 'raw_model_stream_event' && e.data.event?.type === 'response.failed',
      )
      check(failed.length === 1, 'error-mid-stream: raw response.failed before the error frame')
    }

    // max-turns: maxTurns 1 and the model asks for a tool → MaxTurnsExceededError after the tool ran.
    {
      const rec = await recordAgents(
        server,
        assistant,
        'Weather in Paris?',
        [
          turn(
            'resp_maxturns_01',
            0,
            [functionCall('fc_maxturns_01', 'call_weather_paris', 'get_weather', { city: 'Paris' })],
            responsesUsage(80, 18),
          ),
        ],
        1,
      )
      const last = rec.events.at(-1)
      const ranTool = runItems(rec.events, 'tool_output').length > 0
      save(
        'max-turns',
        rec,
        summary('openai-agents', {
          status: 'error',
          error: last.error.message,
          errorKind: 'server',
          agent: 'Assistant',
          toolCalls: [
            {
              callId: 'call_weather_paris',
              name: 'get_weather',
              agent: 'Assistant',
              args: { city: 'Paris' },
              ...(ranTool
                ? { output: JSON.stringify(WEATHER.Paris), status: 'done' as const }
                : { status: 'running' as const }),
            },
          ],
          usage: agentsUsage(rec.events),
        }),
      )
      checkEqual(last.error.name, 'MaxTurnsExceededError', 'max-turns: error name')
    }

    // long-answer
    {
      const rec = await recordAgents(server, assistant, 'Tell me everything.', [
        turn(
          'resp_long_01',
          0,
          [message('msg_long_01', LONG_DELTAS)],
          responsesUsage(30, LONG_DELTAS.length),
        ),
      ])
      save(
        'long-answer',
        rec,
        summary('openai-agents', {
          agent: 'Assistant',
          messages: [{ agent: 'Assistant', text: LONG_TEXT }],
          usage: agentsUsage(rec.events),
        }),
      )
    }
  } finally {
    await server.close()
  }
}
let agentsTextBody = ''
let agentsTextSummary: RunSummary | undefined

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// openai-responses
// ─────────────────────────────────────────────────────────────────────────────────────────────────

/** The tools a Responses request declared; the API echoes them on the response object. */
const RESPONSES_REQUEST = {
  model: 'gpt-5.4-mini-2026-03-17',
  instructions: 'You are a helpful assistant.',
  tools: [
    {
      type: 'function',
      name: 'get_weather',
      description: 'Current weather for a city.',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
        additionalProperties: false,
      },
      strict: true,
    },
    {
      type: 'function',
      name: 'get_local_time',
      description: 'Local time in a city.',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
        additionalProperties: false,
      },
      strict: true,
    },
  ],
}

function recordResponses(name: string, t: Turn, s: RunSummary): ResponseStreamEvent[] {
  const events = responseEvents(t, RESPONSES_REQUEST)
  const body = events.map(responsesFrame).join('')
  const headers = { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': `req_${t.id}` }
  writeFixture('openai-responses', name, { body, headers, summary: s })
  return events
}

/** `usage` of the terminal event's response, exactly as sent. */
function terminalUsage(events: ResponseStreamEvent[]): unknown {
  const last = events.at(-1)!
  return 'response' in last ? last.response.usage : undefined
}

function recordOpenAIResponses(): void {
  // text
  {
    const t = turn('resp_text_01', 0, [message('msg_text_01', TEXT_DELTAS)], responsesUsage(42, 12))
    const s = summary('openai-responses', { messages: [{ text: TEXT }], usage: responsesUsage(42, 12) })
    const events = recordResponses('text', t, s)
    checkEqual(terminalUsage(events), s.usage, 'responses text: usage')
    responsesTextBody = events.map(responsesFrame).join('')
    responsesTextSummary = s
  }
  // reasoning
  {
    const u = responsesUsage(40, 64, 48)
    const t = turn(
      'resp_reasoning_01',
      0,
      [
        reasoningItem('rs_reasoning_01', REASONING_DELTAS),
        message('msg_reasoning_01', REASONED_ANSWER_DELTAS),
      ],
      u,
    )
    recordResponses(
      'reasoning',
      t,
      summary('openai-responses', {
        messages: [{ text: REASONED_ANSWER }],
        reasoning: [REASONING],
        usage: u,
      }),
    )
  }
  // tool-call: the response ends with the function_call; the caller runs the tool (no output on this wire).
  {
    const u = responsesUsage(80, 18)
    const t = turn(
      'resp_tool_01',
      0,
      [functionCall('fc_tool_01', 'call_weather_paris', 'get_weather', { city: 'Paris' })],
      u,
    )
    recordResponses(
      'tool-call',
      t,
      summary('openai-responses', {
        toolCalls: [
          { callId: 'call_weather_paris', name: 'get_weather', args: { city: 'Paris' }, status: 'running' },
        ],
        usage: u,
      }),
    )
  }
  // parallel-tools: a sentence, then three function calls in one response.
  {
    const u = responsesUsage(90, 60)
    const intro = ['Checking', ' both', ' cities…']
    const t = turn(
      'resp_parallel_01',
      0,
      [
        message('msg_parallel_01', intro),
        functionCall('fc_parallel_01', 'call_weather_paris', 'get_weather', { city: 'Paris' }),
        functionCall('fc_parallel_02', 'call_weather_tokyo', 'get_weather', { city: 'Tokyo' }),
        functionCall('fc_parallel_03', 'call_time_tokyo', 'get_local_time', { city: 'Tokyo' }),
      ],
      u,
    )
    recordResponses(
      'parallel-tools',
      t,
      summary('openai-responses', {
        messages: [{ text: joined(intro) }],
        toolCalls: [
          { callId: 'call_weather_paris', name: 'get_weather', args: { city: 'Paris' }, status: 'running' },
          { callId: 'call_weather_tokyo', name: 'get_weather', args: { city: 'Tokyo' }, status: 'running' },
          { callId: 'call_time_tokyo', name: 'get_local_time', args: { city: 'Tokyo' }, status: 'running' },
        ],
        usage: u,
      }),
    )
  }
  // refusal
  {
    const u = responsesUsage(35, 11)
    const deltas = ['I’m sorry,', ' but I can’t', ' help with', ' that.']
    const t = turn('resp_refusal_01', 0, [refusalItem('msg_refusal_01', deltas)], u)
    recordResponses('refusal', t, summary('openai-responses', { refusals: [joined(deltas)], usage: u }))
  }
  // error-mid-stream: a bare `error` event after three deltas, no terminal event.
  {
    const partial = ['It’s 21', ' °C and', ' sun']
    const message_ = 'The server had an error while processing your request. Sorry about that!'
    const t = turn('resp_err_01', 0, [{ ...message('msg_err_01', partial), cut: true }], undefined, {
      type: 'error',
      code: 'server_error',
      message: message_,
    })
    recordResponses(
      'error-mid-stream',
      t,
      summary('openai-responses', {
        status: 'error',
        error: message_,
        errorKind: 'server',
        messages: [{ text: joined(partial) }],
      }),
    )
  }
  // failed: `response.failed` with response.error after two deltas.
  {
    const u = responsesUsage(42, 2)
    const partial = ['Let me', ' think']
    const message_ =
      'The model produced invalid content. Consider modifying your prompt if you are seeing this error persistently.'
    const t = turn('resp_failed_01', 0, [{ ...message('msg_failed_01', partial), cut: true }], u, {
      type: 'failed',
      code: 'server_error',
      message: message_,
    })
    const events = recordResponses(
      'failed',
      t,
      summary('openai-responses', {
        status: 'error',
        error: message_,
        errorKind: 'server',
        messages: [{ text: joined(partial) }],
        usage: u,
      }),
    )
    checkEqual(events.at(-1)?.type, 'response.failed', 'responses failed: terminal')
  }
  // incomplete: max_output_tokens cuts the answer; the partial text is final.
  {
    const u = responsesUsage(42, 16)
    const deltas = ['Here are', ' the ten', ' sunniest', ' cities:', ' 1. Yuma,', ' 2. Aswan,', ' 3. Las']
    const t = turn('resp_incomplete_01', 0, [message('msg_incomplete_01', deltas)], u, {
      type: 'incomplete',
      reason: 'max_output_tokens',
    })
    recordResponses(
      'incomplete',
      t,
      summary('openai-responses', { status: 'incomplete', messages: [{ text: joined(deltas) }], usage: u }),
    )
  }
  // long-answer
  {
    const u = responsesUsage(30, LONG_DELTAS.length)
    const t = turn('resp_long_01', 0, [message('msg_long_01', LONG_DELTAS)], u)
    recordResponses(
      'long-answer',
      t,
      summary('openai-responses', { messages: [{ text: LONG_TEXT }], usage: u }),
    )
  }
}
let responsesTextBody = ''
let responsesTextSummary: RunSummary | undefined

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// openai-chat
// ─────────────────────────────────────────────────────────────────────────────────────────────────

type ChatDelta = ChatCompletionChunk.Choice['delta']
type FinishReason = ChatCompletionChunk.Choice['finish_reason']

/** Builds the chunks of one Chat Completions stream (choice 0), as api.openai.com sends them. */
class ChatStream {
  readonly chunks: (ChatCompletionChunk | { error: Record<string, unknown> })[] = []
  private done = true
  constructor(
    private readonly id: string,
    private readonly includeUsage = false,
  ) {}

  chunk(delta: ChatDelta, finish_reason: FinishReason = null, choice = 0): this {
    const c: ChatCompletionChunk = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: T0,
      model: 'gpt-5.4-mini-2026-03-17',
      service_tier: 'default',
      system_fingerprint: 'fp_f1x7ur3s',
      choices: [{ index: choice, delta, logprobs: null, finish_reason }],
    }
    if (this.includeUsage) c.usage = null
    this.chunks.push(c)
    return this
  }
  /** The first chunk: role plus empty content (`null` when tool calls follow). */
  role(content: string | null = ''): this {
    return this.chunk({ role: 'assistant', content, refusal: null })
  }
  content(deltas: string[]): this {
    for (const content of deltas) this.chunk({ content })
    return this
  }
  refusal(deltas: string[]): this {
    for (const refusal of deltas) this.chunk({ refusal })
    return this
  }
  /** First fragment of a tool call: index, id, type and name, empty arguments. */
  toolStart(index: number, id: string, name: string): this {
    return this.chunk({ tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }] })
  }
  toolArgs(index: number, fragment: string): this {
    return this.chunk({ tool_calls: [{ index, function: { arguments: fragment } }] })
  }
  finish(reason: NonNullable<FinishReason>): this {
    return this.chunk({}, reason)
  }
  /** The `stream_options.include_usage` chunk: `choices: []` and the usage. */
  usage(u: NonNullable<ChatCompletionChunk['usage']>): this {
    this.chunks.push({
      id: this.id,
      object: 'chat.completion.chunk',
      created: T0,
      model: 'gpt-5.4-mini-2026-03-17',
      service_tier: 'default',
      system_fingerprint: 'fp_f1x7ur3s',
      choices: [],
      usage: u,
    })
    return this
  }
  /** A mid-stream error frame; the connection then closes without `[DONE]`. */
  error(error: Record<string, unknown>): this {
    this.chunks.push({ error })
    this.done = false
    return this
  }
  body(): string {
    return (
      this.chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') +
      (this.done ? 'data: [DONE]\n\n' : '')
    )
  }
}

const CHAT_HEADERS: Headers = {
  'content-type': 'text/event-stream; charset=utf-8',
  'x-request-id': 'req_chat_fixture',
}

function chatUsage(prompt: number, completion: number): NonNullable<ChatCompletionChunk['usage']> {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  }
}

function recordOpenAIChat(): void {
  const save = (name: string, stream: ChatStream, s: RunSummary) =>
    writeFixture('openai-chat', name, { body: stream.body(), headers: CHAT_HEADERS, summary: s })

  // text
  {
    const stream = new ChatStream('chatcmpl-fixture-text').role().content(TEXT_DELTAS).finish('stop')
    const s = summary('openai-chat', { messages: [{ text: TEXT }] })
    save('text', stream, s)
    chatTextBody = stream.body()
    chatTextSummary = s
  }
  // refusal
  {
    const deltas = ['I’m sorry,', ' but I can’t', ' help with', ' that.']
    const stream = new ChatStream('chatcmpl-fixture-refusal').role(null).refusal(deltas).finish('stop')
    save('refusal', stream, summary('openai-chat', { refusals: [joined(deltas)] }))
  }
  // tool-call: one call, arguments in fragments, finish_reason tool_calls.
  {
    const stream = new ChatStream('chatcmpl-fixture-tool')
      .role(null)
      .toolStart(0, 'call_weather_paris', 'get_weather')
    for (const f of pieces(JSON.stringify({ city: 'Paris' }), 5)) stream.toolArgs(0, f)
    stream.finish('tool_calls')
    save(
      'tool-call',
      stream,
      summary('openai-chat', {
        toolCalls: [
          { callId: 'call_weather_paris', name: 'get_weather', args: { city: 'Paris' }, status: 'running' },
        ],
      }),
    )
  }
  // parallel-tools: a sentence, then index 0, 1, 2 one after the other (as api.openai.com sends them).
  const parallelCalls = [
    { id: 'call_weather_paris', name: 'get_weather', args: { city: 'Paris' } },
    { id: 'call_weather_tokyo', name: 'get_weather', args: { city: 'Tokyo' } },
    { id: 'call_time_tokyo', name: 'get_local_time', args: { city: 'Tokyo' } },
  ]
  const parallelSummary = (text?: string) =>
    summary('openai-chat', {
      messages: text ? [{ text }] : [],
      toolCalls: parallelCalls.map((c) => ({
        callId: c.id,
        name: c.name,
        args: c.args,
        status: 'running' as const,
      })),
    })
  {
    const intro = ['Checking', ' both', ' cities…']
    const stream = new ChatStream('chatcmpl-fixture-parallel').role().content(intro)
    parallelCalls.forEach((c, index) => {
      stream.toolStart(index, c.id, c.name)
      for (const f of pieces(JSON.stringify(c.args), 6)) stream.toolArgs(index, f)
    })
    stream.finish('tool_calls')
    save('parallel-tools', stream, parallelSummary(joined(intro)))
  }
  // interleaved-tools: all three starts first, then argument fragments round-robin 0,1,2,0,1,2,…
  {
    const stream = new ChatStream('chatcmpl-fixture-interleaved').role(null)
    parallelCalls.forEach((c, index) => {
      stream.toolStart(index, c.id, c.name)
    })
    const fragments = parallelCalls.map((c) => pieces(JSON.stringify(c.args), 4))
    const rounds = Math.max(...fragments.map((f) => f.length))
    for (let r = 0; r < rounds; r++)
      fragments.forEach((f, index) => {
        if (f[r] !== undefined) stream.toolArgs(index, f[r]!)
      })
    stream.finish('tool_calls')
    save('interleaved-tools', stream, parallelSummary())
  }
  // Servers that break the index rule, each call whole in one chunk and told apart only by its id:
  // Ollama sent `index: 0` for every call (ollama/ollama#15457) and, before 0.4.7, no index at all
  // (#7881); so do some Gemini proxies.
  {
    const whole = (c: (typeof parallelCalls)[number]) => ({
      id: c.id,
      type: 'function' as const,
      function: { name: c.name, arguments: JSON.stringify(c.args) },
    })
    const sameIndex = new ChatStream('chatcmpl-fixture-same-index').role(null)
    for (const c of parallelCalls) sameIndex.chunk({ tool_calls: [{ index: 0, ...whole(c) }] })
    save('parallel-tools-same-index', sameIndex.finish('tool_calls'), parallelSummary())
    // The one deviation from the `openai` types: the missing `index`.
    const noIndex = new ChatStream('chatcmpl-fixture-no-index')
      .role(null)
      .chunk({ tool_calls: parallelCalls.map(whole) as ChatDelta['tool_calls'] })
    save('parallel-tools-no-index', noIndex.finish('tool_calls'), parallelSummary())
  }
  // two-choices (`n: 2`): choice 0 answers and finishes while choice 1's tool call is still
  // streaming its arguments; choice 0's finish ends only its own calls.
  {
    const [call] = parallelCalls
    const stream = new ChatStream('chatcmpl-fixture-two-choices')
      .chunk({ role: 'assistant', content: '', refusal: null }, null, 0)
      .chunk({ role: 'assistant', content: null, refusal: null }, null, 1)
      .chunk(
        {
          tool_calls: [
            { index: 0, id: call!.id, type: 'function', function: { name: call!.name, arguments: '' } },
          ],
        },
        null,
        1,
      )
    const fragments = pieces(JSON.stringify(call!.args), 3)
    stream.chunk({ tool_calls: [{ index: 0, function: { arguments: fragments[0] } }] }, null, 1)
    for (const content of TEXT_DELTAS) stream.chunk({ content }, null, 0)
    stream.chunk({}, 'stop', 0)
    for (const fragment of fragments.slice(1))
      stream.chunk({ tool_calls: [{ index: 0, function: { arguments: fragment } }] }, null, 1)
    stream.chunk({}, 'tool_calls', 1)
    save(
      'two-choices',
      stream,
      summary('openai-chat', {
        messages: [{ text: TEXT }],
        toolCalls: [{ callId: call!.id, name: call!.name, args: call!.args, status: 'running' }],
      }),
    )
  }
  // error-mid-stream: three deltas, an `{"error":…}` frame, close without [DONE].
  {
    const partial = ['It’s 21', ' °C and', ' sun']
    const error = {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      param: null,
      code: null,
    }
    const stream = new ChatStream('chatcmpl-fixture-error').role().content(partial).error(error)
    save(
      'error-mid-stream',
      stream,
      summary('openai-chat', {
        status: 'error',
        error: error.message,
        errorKind: 'server',
        messages: [{ text: joined(partial) }],
      }),
    )
  }
  // length: finish_reason "length" (max_tokens reached); the partial text is final.
  {
    const deltas = ['Here are', ' the ten', ' sunniest', ' cities:', ' 1. Yuma,', ' 2. Aswan,', ' 3. Las']
    const stream = new ChatStream('chatcmpl-fixture-length').role().content(deltas).finish('length')
    save(
      'length',
      stream,
      summary('openai-chat', { status: 'incomplete', messages: [{ text: joined(deltas) }] }),
    )
  }
  // content-filter: finish_reason "content_filter" — the server cut the answer short.
  {
    const deltas = ['Here is how', ' to pick', ' the lock:']
    const stream = new ChatStream('chatcmpl-fixture-filter').role().content(deltas).finish('content_filter')
    save(
      'content-filter',
      stream,
      summary('openai-chat', { status: 'incomplete', messages: [{ text: joined(deltas) }] }),
    )
  }
  // usage: stream_options.include_usage — "usage": null on every chunk, then a `choices: []` usage chunk.
  {
    const u = chatUsage(42, 12)
    const stream = new ChatStream('chatcmpl-fixture-usage', true)
      .role()
      .content(TEXT_DELTAS)
      .finish('stop')
      .usage(u)
    save('usage', stream, summary('openai-chat', { messages: [{ text: TEXT }], usage: u }))
  }
  // long-answer
  {
    const stream = new ChatStream('chatcmpl-fixture-long').role().content(LONG_DELTAS).finish('stop')
    save('long-answer', stream, summary('openai-chat', { messages: [{ text: LONG_TEXT }] }))
  }
}
let chatTextBody = ''
let chatTextSummary: RunSummary | undefined

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// ai-sdk
// ─────────────────────────────────────────────────────────────────────────────────────────────────

type V3StreamResult = Awaited<ReturnType<MockLanguageModelV3['doStream']>>
type V3Part = V3StreamResult['stream'] extends ReadableStream<infer P> ? P : never
type V3FinishReason = Extract<V3Part, { type: 'finish' }>['finishReason']['unified']

function v3Usage(input: number, output: number, reasoning = 0): Extract<V3Part, { type: 'finish' }>['usage'] {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output - reasoning, reasoning },
  }
}
const v3Text = (id: string, deltas: string[]): V3Part[] => [
  { type: 'text-start', id },
  ...deltas.map((delta): V3Part => ({ type: 'text-delta', id, delta })),
  { type: 'text-end', id },
]
const v3Reasoning = (id: string, deltas: string[]): V3Part[] => [
  { type: 'reasoning-start', id },
  ...deltas.map((delta): V3Part => ({ type: 'reasoning-delta', id, delta })),
  { type: 'reasoning-end', id },
]
/** A streamed tool input (8-character deltas) followed by the tool-call. */
const v3ToolCall = (toolCallId: string, toolName: string, input: unknown): V3Part[] => [
  { type: 'tool-input-start', id: toolCallId, toolName },
  ...pieces(JSON.stringify(input), 8).map(
    (delta): V3Part => ({ type: 'tool-input-delta', id: toolCallId, delta }),
  ),
  { type: 'tool-input-end', id: toolCallId },
  { type: 'tool-call', toolCallId, toolName, input: JSON.stringify(input) },
]
/** One model call: stream-start, response-metadata, the parts, finish. */
function v3Step(n: number, parts: V3Part[], finish: V3FinishReason, usage = v3Usage(40, 20)): V3Part[] {
  return [
    { type: 'stream-start', warnings: [] },
    {
      type: 'response-metadata',
      id: `resp-fixture-${n}`,
      modelId: 'mock-model-v3',
      timestamp: new Date(T0 * 1000),
    },
    ...parts,
    { type: 'finish', usage, finishReason: { unified: finish, raw: finish } },
  ]
}
/** A mock model that plays one scripted step per call. */
function mockModel(steps: V3Part[][]): MockLanguageModelV3 {
  let call = 0
  return new MockLanguageModelV3({
    provider: 'fixture',
    modelId: 'mock-model-v3',
    doStream: async () => {
      const chunks = steps[call++]
      if (!chunks) throw new Error(`mock model: unexpected call #${call}`)
      return { stream: simulateReadableStream({ chunks, initialDelayInMs: null, chunkDelayInMs: null }) }
    },
  })
}
/** Deterministic ids for `streamText`'s `_internal.generateId` (approval ids and the like). */
function idGenerator(prefix: string): () => string {
  let n = 0
  return () => `${prefix}-${++n}`
}

const aiTools = {
  get_weather: aiTool({
    description: 'Current weather for a city.',
    // `unit` has a zod default: tool-input-available.input carries it although the model never sent it.
    inputSchema: z.object({ city: z.string(), unit: z.enum(['celsius', 'fahrenheit']).default('celsius') }),
    execute: async ({ city }) => WEATHER[city] ?? { city, tempC: null, conditions: 'unknown' },
  }),
  get_local_time: aiTool({
    description: 'Local time in a city.',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => LOCAL_TIME[city] ?? 'unknown',
  }),
  get_forecast: aiTool({
    description: 'Multi-day forecast for a city.',
    inputSchema: z.object({ city: z.string(), days: z.number().int() }),
    execute: async (): Promise<string> => {
      throw new Error(FORECAST_ERROR)
    },
  }),
  issue_refund: aiTool({
    description: 'Refund an order. Needs human approval.',
    inputSchema: z.object({ orderId: z.string(), amount: z.number() }),
    needsApproval: true,
    execute: async ({ orderId, amount }) => `Refunded $${amount.toFixed(2)} on order ${orderId}`,
  }),
}

interface StreamTextFixture {
  steps: V3Part[][]
  /** Pass `onError: (e) => e.message` to toUIMessageStreamResponse (else the SDK masks errors). */
  realErrors?: boolean
  messageMetadata?: Parameters<ReturnType<typeof streamText>['toUIMessageStreamResponse']>[0] extends infer O
    ? O extends { messageMetadata?: infer M }
      ? M
      : never
    : never
  messages?: Parameters<typeof streamText>[0]['messages']
  /** A model made by the caller (to inspect its calls afterwards); default `mockModel(steps)`. */
  model?: MockLanguageModelV3
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e))

function streamTextResponse(name: string, f: StreamTextFixture): Response {
  const result = streamText({
    model: f.model ?? mockModel(f.steps),
    ...(f.messages ? { messages: f.messages } : { prompt: 'fixture' }),
    tools: aiTools,
    stopWhen: stepCountIs(5),
    onError: () => {}, // the error reaches the stream; don't log it
    _internal: { generateId: idGenerator(`aitxt-${name}`), now: () => T0 * 1000 },
  })
  return result.toUIMessageStreamResponse({
    generateMessageId: () => `msg-${name}`,
    ...(f.realErrors ? { onError: errorText } : {}),
    ...(f.messageMetadata ? { messageMetadata: f.messageMetadata } : {}),
  })
}

async function readResponse(res: Response): Promise<{ body: string; headers: Headers }> {
  const body = new TextDecoder().decode(await res.arrayBuffer())
  return { body, headers: Object.fromEntries(res.headers.entries()) }
}

/** The AI SDK's own client reducer over the recorded chunks (an independent cross-check of the summary). */
async function aiClientView(body: string): Promise<UIMessage | undefined> {
  const chunks = broken
    .framesOf(body)
    .map((f) => f.slice('data: '.length))
    .filter((d) => d !== '[DONE]')
    .map((d) => JSON.parse(d) as UIMessageChunk)
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c)
      controller.close()
    },
  })
  // Seed a message with the response's id so data parts sent before `start` are kept (as useChat does;
  // readUIMessageStream alone drops them when `start` brings a new messageId).
  const start = chunks.find((c) => c.type === 'start')
  const seed: UIMessage = {
    id: (start?.type === 'start' && start.messageId) || 'seed',
    role: 'assistant',
    parts: [],
  }
  let last: UIMessage | undefined
  for await (const m of readUIMessageStream({ message: seed, stream, onError: () => {} })) last = m
  return last
}

async function checkAi(name: string, body: string, s: RunSummary): Promise<void> {
  const m = await aiClientView(body)
  check(m, `${name}: readUIMessageStream produced a message`)
  const texts = m.parts.filter((p) => p.type === 'text').map((p) => p.text)
  checkEqual(
    texts,
    s.messages.map((x) => x.text),
    `${name}: text parts`,
  )
  const reasoning = m.parts.filter((p) => p.type === 'reasoning').map((p) => p.text)
  checkEqual(reasoning, s.reasoning, `${name}: reasoning parts`)
  const tools = m.parts
    .filter((p) => p.type.startsWith('tool-'))
    .map((p: any) => ({
      callId: p.toolCallId,
      name: p.type.slice(5),
      state: p.state,
      input: p.input,
      output: p.output,
      errorText: p.errorText,
    }))
  const stateOf: Record<string, string> = {
    'output-available': 'done',
    'output-error': 'error',
    'output-denied': 'denied',
    'approval-requested': 'awaiting-approval',
    'input-available': 'running',
    'input-streaming': 'streaming-arguments',
  }
  checkEqual(
    tools.map((t) => ({
      callId: t.callId,
      name: t.name,
      args: t.input,
      output: t.output,
      error: t.errorText,
      status: stateOf[t.state],
    })),
    s.toolCalls.map((t) => ({
      callId: t.callId,
      name: t.name,
      args: t.args,
      output: t.output,
      error: t.error,
      status: t.status,
    })),
    `${name}: tool parts`,
  )
  const data = m.parts
    .filter((p) => p.type.startsWith('data-'))
    .map((p: any) => ({ type: p.type, ...(p.id !== undefined ? { id: p.id } : {}), data: p.data }))
  checkEqual(data, s.data ?? [], `${name}: data parts`)
  checkEqual(m.metadata, s.metadata, `${name}: metadata`)
}

async function recordAiSdk(): Promise<void> {
  const save = async (name: string, res: Response, s: RunSummary, clientCheck = true) => {
    const { body, headers } = await readResponse(res)
    if (clientCheck) await checkAi(name, body, s)
    writeFixture('ai-sdk', name, { body, headers, summary: s })
    return { body, headers }
  }

  // text
  {
    const s = summary('ai-sdk', { messages: [{ text: TEXT }] })
    const res = streamTextResponse('text', { steps: [v3Step(1, v3Text('txt-0', TEXT_DELTAS), 'stop')] })
    aiText = { ...(await save('text', res, s)), summary: s }
  }
  // reasoning
  {
    const steps = [
      v3Step(
        1,
        [...v3Reasoning('rs-0', REASONING_DELTAS), ...v3Text('txt-0', REASONED_ANSWER_DELTAS)],
        'stop',
      ),
    ]
    await save(
      'reasoning',
      streamTextResponse('reasoning', { steps }),
      summary('ai-sdk', { messages: [{ text: REASONED_ANSWER }], reasoning: [REASONING] }),
    )
  }
  // tool-call: multi-step (stopWhen: stepCountIs(5)). Both steps send provider text id "0"; streamText renames the
  // second one (to an `_internal.generateId` id) so the UI stream never reuses a part id.
  {
    const intro = ['Let me', ' check the', ' weather.']
    const answer = ['It’s 21', ' °C and', ' sunny in', ' Paris.']
    const steps = [
      v3Step(
        1,
        [...v3Text('0', intro), ...v3ToolCall('call_weather_paris', 'get_weather', { city: 'Paris' })],
        'tool-calls',
      ),
      v3Step(2, v3Text('0', answer), 'stop'),
    ]
    await save(
      'tool-call',
      streamTextResponse('tool-call', { steps }),
      summary('ai-sdk', {
        messages: [{ text: joined(intro) }, { text: joined(answer) }],
        toolCalls: [
          {
            callId: 'call_weather_paris',
            name: 'get_weather',
            args: { city: 'Paris', unit: 'celsius' },
            output: WEATHER.Paris,
            status: 'done',
          },
        ],
      }),
    )
  }
  // tool-error: execute throws → tool-output-error (real message via onError), then the model apologises.
  {
    const answer = ['Sorry —', ' the forecast', ' service is', ' down right', ' now.']
    const steps = [
      v3Step(1, v3ToolCall('call_forecast_paris', 'get_forecast', { city: 'Paris', days: 3 }), 'tool-calls'),
      v3Step(2, v3Text('txt-1', answer), 'stop'),
    ]
    await save(
      'tool-error',
      streamTextResponse('tool-error', { steps, realErrors: true }),
      summary('ai-sdk', {
        messages: [{ text: joined(answer) }],
        toolCalls: [
          {
            callId: 'call_forecast_paris',
            name: 'get_forecast',
            args: { city: 'Paris', days: 3 },
            error: FORECAST_ERROR,
            status: 'error',
          },
        ],
      }),
    )
  }
  // parallel-tools: three calls in one step, their input deltas interleaved.
  {
    const calls = [
      { id: 'call_weather_paris', name: 'get_weather', input: { city: 'Paris' } },
      { id: 'call_weather_tokyo', name: 'get_weather', input: { city: 'Tokyo' } },
      { id: 'call_time_tokyo', name: 'get_local_time', input: { city: 'Tokyo' } },
    ]
    const parts: V3Part[] = calls.map((c) => ({ type: 'tool-input-start', id: c.id, toolName: c.name }))
    const fragments = calls.map((c) => pieces(JSON.stringify(c.input), 6))
    for (let r = 0; r < Math.max(...fragments.map((f) => f.length)); r++)
      calls.forEach((c, i) => {
        const delta = fragments[i]![r]
        if (delta !== undefined) parts.push({ type: 'tool-input-delta', id: c.id, delta })
      })
    for (const c of calls) parts.push({ type: 'tool-input-end', id: c.id })
    for (const c of calls)
      parts.push({ type: 'tool-call', toolCallId: c.id, toolName: c.name, input: JSON.stringify(c.input) })
    const answer = [
      'Paris: 21',
      ' °C, sunny.',
      ' Tokyo: 18',
      ' °C, light',
      ' rain, and',
      ' it’s 09:30',
      ' there.',
    ]
    const steps = [v3Step(1, parts, 'tool-calls'), v3Step(2, v3Text('txt-1', answer), 'stop')]
    await save(
      'parallel-tools',
      streamTextResponse('parallel-tools', { steps }),
      summary('ai-sdk', {
        messages: [{ text: joined(answer) }],
        toolCalls: [
          {
            callId: 'call_weather_paris',
            name: 'get_weather',
            args: { city: 'Paris', unit: 'celsius' },
            output: WEATHER.Paris,
            status: 'done',
          },
          {
            callId: 'call_weather_tokyo',
            name: 'get_weather',
            args: { city: 'Tokyo', unit: 'celsius' },
            output: WEATHER.Tokyo,
            status: 'done',
          },
          {
            callId: 'call_time_tokyo',
            name: 'get_local_time',
            args: { city: 'Tokyo' },
            output: LOCAL_TIME.Tokyo,
            status: 'done',
          },
        ],
      }),
    )
  }
  // approval: needsApproval → tool-approval-request; the step ends with finishReason tool-calls.
  const approvalIntro = ['I can', ' refund that', ' order — a', ' human needs', ' to approve', ' it first.']
  {
    const steps = [
      v3Step(
        1,
        [...v3Text('txt-0', approvalIntro), ...v3ToolCall('call_refund_a1001', 'issue_refund', REFUND_ARGS)],
        'tool-calls',
      ),
    ]
    await save(
      'approval',
      streamTextResponse('approval', { steps }),
      summary('ai-sdk', {
        status: 'interrupted',
        messages: [{ text: joined(approvalIntro) }],
        toolCalls: [
          {
            callId: 'call_refund_a1001',
            name: 'issue_refund',
            args: REFUND_ARGS,
            status: 'awaiting-approval',
          },
        ],
        approvals: [{ callId: 'call_refund_a1001', name: 'issue_refund', args: REFUND_ARGS }],
      }),
    )
  }
  // approval-denied: the next request carries the human's "no" → tool-output-denied, then the model answers.
  {
    const answer = ['Okay —', ' I did not', ' issue the', ' refund.']
    const steps = [v3Step(1, v3Text('txt-1', answer), 'stop')]
    const messages: StreamTextFixture['messages'] = [
      { role: 'user', content: 'Please refund order A-1001 ($42.50).' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: joined(approvalIntro) },
          {
            type: 'tool-call',
            toolCallId: 'call_refund_a1001',
            toolName: 'issue_refund',
            input: REFUND_ARGS,
          },
          { type: 'tool-approval-request', approvalId: 'aitxt-approval-2', toolCallId: 'call_refund_a1001' },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-approval-response',
            approvalId: 'aitxt-approval-2',
            approved: false,
            reason: 'Not authorised',
          },
        ],
      },
    ]
    // `tool-output-denied` carries only the toolCallId: this stream never names the tool, so `name` is "".
    // (readUIMessageStream cannot replay this stream alone: it needs the earlier message's tool part.)
    const { body } = await save(
      'approval-denied',
      streamTextResponse('approval-denied', { steps, messages }),
      summary('ai-sdk', {
        messages: [{ text: joined(answer) }],
        toolCalls: [{ callId: 'call_refund_a1001', name: '', status: 'denied' }],
      }),
      false,
    )
    check(
      body.includes('data: {"type":"tool-output-denied","toolCallId":"call_refund_a1001"}\n\n'),
      'approval-denied: wire',
    )
  }
  // approval-resume: the SECOND request of the round trip after the human approved. The client resends its UI
  // messages with the tool part in state `approval-responded` (approval id from the approval fixture); the
  // model messages come from `convertToModelMessages`, exactly as a route handler builds them. streamText
  // executes the approved call before calling the model (tool-output-available, no step around it), then the
  // model answers in one step.
  {
    const answer = ['Done —', ' I refunded', ' $42.50 on', ' order A-1001.']
    const steps = [v3Step(1, v3Text('txt-1', answer), 'stop')]
    const uiMessages: UIMessage[] = [
      {
        id: 'msg-user-1',
        role: 'user',
        parts: [{ type: 'text', text: 'Please refund order A-1001 ($42.50).' }],
      },
      {
        id: 'msg-approval',
        role: 'assistant',
        parts: [
          { type: 'step-start' },
          { type: 'text', text: joined(approvalIntro), state: 'done' },
          {
            type: 'tool-issue_refund',
            toolCallId: 'call_refund_a1001',
            state: 'approval-responded',
            input: REFUND_ARGS,
            approval: { id: 'aitxt-approval-2', approved: true },
          },
        ],
      },
    ]
    const messages = await convertToModelMessages(uiMessages, { tools: aiTools })
    const model = mockModel(steps)
    // `tool-output-available` carries only the toolCallId and output: this stream never names the tool, so
    // `name` is "" and `args` is absent (as for approval-denied).
    // (readUIMessageStream cannot replay this stream alone: it needs the earlier message's tool part.)
    const { body } = await save(
      'approval-resume',
      streamTextResponse('approval-resume', { steps, messages, model }),
      summary('ai-sdk', {
        messages: [{ text: joined(answer) }],
        toolCalls: [{ callId: 'call_refund_a1001', name: '', output: REFUND_OUTPUT, status: 'done' }],
      }),
      false,
    )
    check(
      body.includes(
        `data: ${JSON.stringify({ type: 'tool-output-available', toolCallId: 'call_refund_a1001', output: REFUND_OUTPUT })}\n\n`,
      ),
      'approval-resume: wire (the approved tool ran)',
    )
    check(!body.includes('tool-approval-request'), 'approval-resume: no new approval request')
    // The AI SDK's own client, continuing the approved assistant message as useChat does, ends with the call done.
    const chunks = broken
      .framesOf(body)
      .map((f) => f.slice('data: '.length))
      .filter((d) => d !== '[DONE]')
      .map((d) => JSON.parse(d) as UIMessageChunk)
    let continued: UIMessage | undefined
    for await (const m of readUIMessageStream({
      // readUIMessageStream resets its message when `start` brings a new id; useChat instead renames the
      // continued message. Seeding with the new id gives useChat's behaviour.
      message: { ...structuredClone(uiMessages[1]!), id: 'msg-approval-resume' },
      onError: (e) => {
        throw e
      },
      stream: new ReadableStream<UIMessageChunk>({
        start(controller) {
          for (const c of chunks) controller.enqueue(c)
          controller.close()
        },
      }),
    }))
      continued = m
    const part = continued?.parts.find((p: any) => p.toolCallId === 'call_refund_a1001') as any
    checkEqual(
      [part?.state, part?.output],
      ['output-available', REFUND_OUTPUT],
      'approval-resume: client tool part',
    )
    checkEqual(
      continued?.parts.filter((p) => p.type === 'text').map((p) => p.text),
      [joined(approvalIntro), joined(answer)],
      'approval-resume: client text parts',
    )
    // The model's one call saw the executed tool's result in its prompt.
    checkEqual(model.doStreamCalls.length, 1, 'approval-resume: model calls')
    const toolResults = model.doStreamCalls[0]!.prompt.flatMap((m) =>
      m.role === 'tool' ? m.content.filter((c) => c.type === 'tool-result') : [],
    )
    checkEqual(
      toolResults.map((c) => [c.toolCallId, c.output]),
      [['call_refund_a1001', { type: 'text', value: REFUND_OUTPUT }]],
      'approval-resume: tool result in the model prompt',
    )
  }
  // repeated-text-id: a server writing UI chunks itself reuses text id "0" for two blocks (two messages).
  // (streamText itself renames a provider text id reused by a later step, see the tool-call fixture.)
  {
    const first = ['Let me', ' check.']
    const second = ['All', ' done ✅']
    const res = createUIMessageStreamResponse({
      stream: createUIMessageStream({
        execute: ({ writer }) => {
          writer.write({ type: 'start', messageId: 'msg-repeated-text-id' })
          for (const block of [first, second]) {
            writer.write({ type: 'start-step' })
            writer.write({ type: 'text-start', id: '0' })
            for (const delta of block) writer.write({ type: 'text-delta', id: '0', delta })
            writer.write({ type: 'text-end', id: '0' })
            writer.write({ type: 'finish-step' })
          }
          writer.write({ type: 'finish', finishReason: 'stop' })
        },
      }),
    })
    await save(
      'repeated-text-id',
      res,
      summary('ai-sdk', { messages: [{ text: joined(first) }, { text: joined(second) }] }),
    )
  }
  // error-mid-stream: the model errors after three deltas (real message via onError).
  const partial = ['It’s 21', ' °C and', ' sun']
  // The provider fails inside the text block: no text-end, no finish from the model.
  const errorSteps = () => [
    [
      ...v3Step(1, v3Text('txt-0', partial).slice(0, -1), 'stop').slice(0, -1),
      { type: 'error', error: new Error('Upstream model overloaded') } as V3Part,
    ],
  ]
  await save(
    'error-mid-stream',
    streamTextResponse('error-mid-stream', { steps: errorSteps(), realErrors: true }),
    summary('ai-sdk', {
      status: 'error',
      error: 'Upstream model overloaded',
      errorKind: 'server',
      messages: [{ text: joined(partial) }],
    }),
  )
  // error-masked: the same without onError — the SDK masks the message.
  await save(
    'error-masked',
    streamTextResponse('error-masked', { steps: errorSteps() }),
    summary('ai-sdk', {
      status: 'error',
      error: 'An error occurred.',
      errorKind: 'server',
      messages: [{ text: joined(partial) }],
    }),
  )
  // long-answer
  await save(
    'long-answer',
    streamTextResponse('long-answer', { steps: [v3Step(1, v3Text('txt-0', LONG_DELTAS), 'stop')] }),
    summary('ai-sdk', { messages: [{ text: LONG_TEXT }] }),
  )
  // metadata: messageMetadata on start and finish, and a mid-stream message-metadata chunk.
  {
    const answer = ['It’s 21', ' °C in', ' Paris.']
    const steps = [v3Step(1, v3Text('txt-0', answer), 'stop', v3Usage(42, 7))]
    const res = createUIMessageStreamResponse({
      stream: createUIMessageStream({
        execute: ({ writer }) => {
          const result = streamText({
            model: mockModel(steps),
            prompt: 'fixture',
            onError: () => {},
            _internal: { generateId: idGenerator('aitxt-metadata'), now: () => T0 * 1000 },
          })
          writer.merge(
            result.toUIMessageStream({
              generateMessageId: () => 'msg-metadata',
              messageMetadata: ({ part }) => {
                if (part.type === 'start') return { createdAt: T0 * 1000, model: 'mock-model-v3' }
                if (part.type === 'text-end') return { firstTextPartId: part.id }
                if (part.type === 'finish')
                  return {
                    finishReason: part.finishReason,
                    usage: {
                      inputTokens: part.totalUsage.inputTokens,
                      outputTokens: part.totalUsage.outputTokens,
                      totalTokens: part.totalUsage.totalTokens,
                    },
                  }
                return undefined
              },
            }),
          )
        },
      }),
    })
    const usage = { inputTokens: 42, outputTokens: 7, totalTokens: 49 }
    await save(
      'metadata',
      res,
      summary('ai-sdk', {
        messages: [{ text: joined(answer) }],
        metadata: {
          createdAt: T0 * 1000,
          model: 'mock-model-v3',
          firstTextPartId: 'txt-0',
          finishReason: 'stop',
          usage,
        },
        usage,
      }),
    )
  }
  // data-parts: createUIMessageStream + writer.write({type:'data-…'}): a same-id replacement, an id-less part,
  // a transient part (not kept), around a merged streamText run.
  {
    const answer = ['It’s 21', ' °C and', ' sunny in', ' Paris.']
    const steps = [
      v3Step(1, v3ToolCall('call_weather_paris', 'get_weather', { city: 'Paris' }), 'tool-calls'),
      v3Step(2, v3Text('txt-1', answer), 'stop'),
    ]
    const res = createUIMessageStreamResponse({
      stream: createUIMessageStream({
        execute: async ({ writer }) => {
          writer.write({
            type: 'data-weather',
            id: 'weather-paris',
            data: { city: 'Paris', status: 'loading' },
          })
          writer.write({ type: 'data-notice', data: { text: 'Using cached station list' } })
          writer.write({ type: 'data-progress', data: { percent: 10 }, transient: true })
          const result = streamText({
            model: mockModel(steps),
            prompt: 'fixture',
            tools: { get_weather: aiTools.get_weather },
            stopWhen: stepCountIs(5),
            onError: () => {},
            _internal: { generateId: idGenerator('aitxt-data-parts'), now: () => T0 * 1000 },
            onStepFinish: ({ toolResults }) => {
              for (const r of toolResults)
                writer.write({
                  type: 'data-weather',
                  id: 'weather-paris',
                  data: { city: 'Paris', status: 'done', ...(r.output as object) },
                })
            },
          })
          writer.merge(result.toUIMessageStream({ generateMessageId: () => 'msg-data-parts' }))
          await result.consumeStream()
        },
      }),
    })
    await save(
      'data-parts',
      res,
      summary('ai-sdk', {
        messages: [{ text: joined(answer) }],
        toolCalls: [
          {
            callId: 'call_weather_paris',
            name: 'get_weather',
            args: { city: 'Paris', unit: 'celsius' },
            output: WEATHER.Paris,
            status: 'done',
          },
        ],
        data: [
          {
            type: 'data-weather',
            id: 'weather-paris',
            data: { city: 'Paris', status: 'done', ...WEATHER.Paris },
          },
          { type: 'data-notice', data: { text: 'Using cached station list' } },
        ],
      }),
    )
  }
}
let aiText: { body: string; headers: Headers; summary: RunSummary } | undefined

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// ag-ui
// ─────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Builds an AG-UI event list with deterministic timestamps (T0 + 10 ms per event). `add` takes the
 * event without `type`'s enum import noise checked by @ag-ui/core's own types.
 */
class AgUiRun {
  readonly events: BaseEvent[] = []
  constructor(
    readonly threadId: string,
    readonly runId: string,
  ) {}
  add<E extends BaseEvent>(event: E): this {
    this.events.push({ ...event, timestamp: T0 * 1000 + this.events.length * 10 })
    return this
  }
  started(): this {
    return this.add({ type: EventType.RUN_STARTED, threadId: this.threadId, runId: this.runId } as BaseEvent)
  }
  finished(extra: Record<string, unknown> = {}): this {
    return this.add({
      type: EventType.RUN_FINISHED,
      threadId: this.threadId,
      runId: this.runId,
      ...extra,
    } as BaseEvent)
  }
  text(messageId: string, deltas: string[], name?: string, extra: Record<string, unknown> = {}): this {
    this.add({
      type: EventType.TEXT_MESSAGE_START,
      messageId,
      role: 'assistant',
      ...(name ? { name } : {}),
      ...extra,
    } as BaseEvent)
    for (const delta of deltas)
      this.add({ type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta, ...extra } as BaseEvent)
    return this.add({ type: EventType.TEXT_MESSAGE_END, messageId, ...extra } as BaseEvent)
  }
  toolCall(toolCallId: string, toolCallName: string, args: unknown, parentMessageId?: string): this {
    this.add({
      type: EventType.TOOL_CALL_START,
      toolCallId,
      toolCallName,
      ...(parentMessageId ? { parentMessageId } : {}),
    } as BaseEvent)
    for (const delta of pieces(JSON.stringify(args), 8))
      this.add({ type: EventType.TOOL_CALL_ARGS, toolCallId, delta } as BaseEvent)
    return this.add({ type: EventType.TOOL_CALL_END, toolCallId } as BaseEvent)
  }
  toolResult(toolCallId: string, messageId: string, content: string): this {
    return this.add({
      type: EventType.TOOL_CALL_RESULT,
      messageId,
      toolCallId,
      content,
      role: 'tool',
    } as BaseEvent)
  }
  body(): string {
    const encoder = new EventEncoder()
    return this.events.map((e) => encoder.encodeSSE(e)).join('')
  }
}

const AG_UI_HEADERS: Headers = { ...SSE_HEADERS, 'content-type': new EventEncoder().getContentType() }

function recordAgUi(): void {
  const save = (name: string, r: AgUiRun, s: RunSummary) => {
    const body = r.body()
    writeFixture('ag-ui', name, { body, headers: AG_UI_HEADERS, summary: s })
    return body
  }

  // text: TEXT_MESSAGE_START (named speaker) / CONTENT / END
  {
    const r = new AgUiRun('thread-text', 'run-text')
      .started()
      .text('msg-text-1', TEXT_DELTAS, 'Assistant')
      .finished()
    const s = summary('ag-ui', { agent: 'Assistant', messages: [{ agent: 'Assistant', text: TEXT }] })
    agUiTextBody = save('text', r, s)
    agUiTextSummary = s
  }
  // text-chunks: the TEXT_MESSAGE_CHUNK form (start/end implied), two messages; role and name ride on each
  // message's first chunk.
  {
    const second = ['Anything', ' else?']
    const r = new AgUiRun('thread-chunks', 'run-chunks').started()
    for (const [messageId, deltas] of [
      ['msg-chunks-1', TEXT_DELTAS],
      ['msg-chunks-2', second],
    ] as const) {
      deltas.forEach((delta, i) => {
        r.add({
          type: EventType.TEXT_MESSAGE_CHUNK,
          messageId,
          delta,
          ...(i === 0 ? { role: 'assistant', name: 'Assistant' } : {}),
        } as BaseEvent)
      })
    }
    r.finished()
    save(
      'text-chunks',
      r,
      summary('ag-ui', {
        agent: 'Assistant',
        messages: [
          { agent: 'Assistant', text: TEXT },
          { agent: 'Assistant', text: joined(second) },
        ],
      }),
    )
  }
  // reasoning: REASONING_START / REASONING_MESSAGE_START/CONTENT/END / REASONING_END, then the answer.
  {
    const r = new AgUiRun('thread-reasoning', 'run-reasoning').started()
    r.add({ type: EventType.REASONING_START, messageId: 'rs-1' } as BaseEvent)
    r.add({ type: EventType.REASONING_MESSAGE_START, messageId: 'rs-1', role: 'reasoning' } as BaseEvent)
    for (const delta of REASONING_DELTAS)
      r.add({ type: EventType.REASONING_MESSAGE_CONTENT, messageId: 'rs-1', delta } as BaseEvent)
    r.add({ type: EventType.REASONING_MESSAGE_END, messageId: 'rs-1' } as BaseEvent)
    r.add({ type: EventType.REASONING_END, messageId: 'rs-1' } as BaseEvent)
    r.text('msg-reasoning-1', REASONED_ANSWER_DELTAS, 'Assistant').finished()
    save(
      'reasoning',
      r,
      summary('ag-ui', {
        agent: 'Assistant',
        messages: [{ agent: 'Assistant', text: REASONED_ANSWER }],
        reasoning: [REASONING],
      }),
    )
  }
  // tool-call: TOOL_CALL_START/ARGS/END, TOOL_CALL_RESULT, the answer; RUN_FINISHED carries usage.
  {
    const answer = ['It’s 21', ' °C and', ' sunny in', ' Paris.']
    const usage = [
      { provider: 'openai', model: 'gpt-5.4-mini', inputTokens: 200, outputTokens: 29, totalTokens: 229 },
    ]
    const r = new AgUiRun('thread-tool', 'run-tool')
      .started()
      .toolCall('call_weather_paris', 'get_weather', { city: 'Paris' })
      .toolResult('call_weather_paris', 'tool-msg-1', JSON.stringify(WEATHER.Paris))
      .text('msg-tool-2', answer, 'Assistant')
      .finished({ outcome: { type: 'success' }, usage })
    save(
      'tool-call',
      r,
      summary('ag-ui', {
        agent: 'Assistant',
        messages: [{ agent: 'Assistant', text: joined(answer) }],
        toolCalls: [
          {
            callId: 'call_weather_paris',
            name: 'get_weather',
            args: { city: 'Paris' },
            output: JSON.stringify(WEATHER.Paris),
            status: 'done',
          },
        ],
        usage,
      }),
    )
  }
  // tool-error: AG-UI has no error flag on results: the failure is the result's content.
  {
    const answer = ['Sorry —', ' the forecast', ' service is', ' down right', ' now.']
    const content = `Error: ${FORECAST_ERROR}`
    const r = new AgUiRun('thread-toolerr', 'run-toolerr')
      .started()
      .toolCall('call_forecast_paris', 'get_forecast', { city: 'Paris', days: 3 })
      .toolResult('call_forecast_paris', 'tool-msg-1', content)
      .text('msg-toolerr-2', answer, 'Assistant')
      .finished()
    save(
      'tool-error',
      r,
      summary('ag-ui', {
        agent: 'Assistant',
        messages: [{ agent: 'Assistant', text: joined(answer) }],
        toolCalls: [
          {
            callId: 'call_forecast_paris',
            name: 'get_forecast',
            args: { city: 'Paris', days: 3 },
            output: content,
            status: 'done',
          },
        ],
      }),
    )
  }
  // parallel-tools: the TOOL_CALL_CHUNK form, two calls interleaved, a third as START/ARGS/END; results in order.
  {
    const calls = [
      {
        id: 'call_weather_paris',
        name: 'get_weather',
        args: { city: 'Paris' },
        output: JSON.stringify(WEATHER.Paris),
      },
      {
        id: 'call_weather_tokyo',
        name: 'get_weather',
        args: { city: 'Tokyo' },
        output: JSON.stringify(WEATHER.Tokyo),
      },
    ]
    const r = new AgUiRun('thread-parallel', 'run-parallel').started()
    const intro = ['Checking', ' both', ' cities…']
    r.text('msg-parallel-1', intro, 'Assistant')
    const fragments = calls.map((c) => pieces(JSON.stringify(c.args), 6))
    for (let round = 0; round < Math.max(...fragments.map((f) => f.length)); round++)
      calls.forEach((c, i) => {
        const delta = fragments[i]![round]
        if (delta === undefined) return
        r.add({
          type: EventType.TOOL_CALL_CHUNK,
          toolCallId: c.id,
          ...(round === 0 ? { toolCallName: c.name, parentMessageId: 'msg-parallel-1' } : {}),
          delta,
        } as BaseEvent)
      })
    r.toolCall('call_time_tokyo', 'get_local_time', { city: 'Tokyo' }, 'msg-parallel-1')
    calls.forEach((c, i) => {
      r.toolResult(c.id, `tool-msg-${i + 1}`, c.output)
    })
    r.toolResult('call_time_tokyo', 'tool-msg-3', LOCAL_TIME.Tokyo!)
    const answer = [
      'Paris: 21',
      ' °C, sunny.',
      ' Tokyo: 18',
      ' °C, light',
      ' rain, and',
      ' it’s 09:30',
      ' there.',
    ]
    r.text('msg-parallel-2', answer, 'Assistant').finished()
    save(
      'parallel-tools',
      r,
      summary('ag-ui', {
        agent: 'Assistant',
        messages: [
          { agent: 'Assistant', text: joined(intro) },
          { agent: 'Assistant', text: joined(answer) },
        ],
        toolCalls: [
          ...calls.map((c) => ({
            callId: c.id,
            name: c.name,
            args: c.args,
            output: c.output,
            status: 'done' as const,
          })),
          {
            callId: 'call_time_tokyo',
            name: 'get_local_time',
            args: { city: 'Tokyo' },
            output: LOCAL_TIME.Tokyo,
            status: 'done',
          },
        ],
      }),
    )
  }
  // handoff: Triage delegates to a "Weather Agent" subagent (SUBAGENT_STARTED/FINISHED, events tagged with
  // subagentRunId), the subagent calls a tool and answers, then Triage closes.
  {
    const intro = ['Let me', ' get our', ' weather', ' specialist.']
    const answer = ['It’s 18', ' °C with', ' light rain', ' in Tokyo', ' — take an', ' umbrella ☔']
    const outro = ['Anything', ' else I can', ' help with?']
    const sub = { subagentRunId: 'sub-weather-1' }
    const r = new AgUiRun('thread-handoff', 'run-handoff').started()
    r.text('msg-handoff-1', intro, 'Triage')
    r.add({
      type: EventType.SUBAGENT_STARTED,
      subagentRunId: 'sub-weather-1',
      name: 'Weather Agent',
      description: 'Answers questions about the weather.',
      parentMessageId: 'msg-handoff-1',
    } as BaseEvent)
    r.add({
      type: EventType.TOOL_CALL_START,
      toolCallId: 'call_weather_tokyo',
      toolCallName: 'get_weather',
      ...sub,
    } as BaseEvent)
    r.add({
      type: EventType.TOOL_CALL_ARGS,
      toolCallId: 'call_weather_tokyo',
      delta: '{"city":"Tokyo"}',
      ...sub,
    } as BaseEvent)
    r.add({ type: EventType.TOOL_CALL_END, toolCallId: 'call_weather_tokyo', ...sub } as BaseEvent)
    r.add({
      type: EventType.TOOL_CALL_RESULT,
      messageId: 'tool-msg-1',
      toolCallId: 'call_weather_tokyo',
      content: JSON.stringify(WEATHER.Tokyo),
      role: 'tool',
      ...sub,
    } as BaseEvent)
    r.text('msg-handoff-2', answer, 'Weather Agent', sub)
    r.add({
      type: EventType.SUBAGENT_FINISHED,
      subagentRunId: 'sub-weather-1',
      outcome: { type: 'success' },
    } as BaseEvent)
    r.text('msg-handoff-3', outro, 'Triage')
    r.finished()
    save(
      'handoff',
      r,
      summary('ag-ui', {
        agent: 'Triage',
        messages: [
          { agent: 'Triage', text: joined(intro) },
          { agent: 'Weather Agent', text: joined(answer) },
          { agent: 'Triage', text: joined(outro) },
        ],
        toolCalls: [
          {
            callId: 'call_weather_tokyo',
            name: 'get_weather',
            agent: 'Weather Agent',
            args: { city: 'Tokyo' },
            output: JSON.stringify(WEATHER.Tokyo),
            status: 'done',
          },
        ],
        handoffs: [{ from: 'Triage', to: 'Weather Agent' }],
      }),
    )
  }
  // approval: the run finishes with an interrupt outcome for the refund call.
  {
    const intro = ['I can', ' refund that', ' order — a', ' human needs', ' to approve', ' it first.']
    const r = new AgUiRun('thread-approval', 'run-approval')
      .started()
      .text('msg-approval-1', intro, 'Assistant')
      .toolCall('call_refund_a1001', 'issue_refund', REFUND_ARGS, 'msg-approval-1')
      .finished({
        outcome: {
          type: 'interrupt',
          interrupts: [
            {
              id: 'int-refund-1',
              reason: 'tool_approval',
              message: 'Approve a refund of $42.50 on order A-1001?',
              toolCallId: 'call_refund_a1001',
              responseSchema: {
                type: 'object',
                properties: { approved: { type: 'boolean' } },
                required: ['approved'],
              },
            },
          ],
        },
      })
    save(
      'approval',
      r,
      summary('ag-ui', {
        status: 'interrupted',
        agent: 'Assistant',
        messages: [{ agent: 'Assistant', text: joined(intro) }],
        toolCalls: [
          {
            callId: 'call_refund_a1001',
            name: 'issue_refund',
            args: REFUND_ARGS,
            status: 'awaiting-approval',
          },
        ],
        approvals: [{ callId: 'call_refund_a1001', name: 'issue_refund', args: REFUND_ARGS }],
      }),
    )
  }
  // approval-resume: the run that continues the approval thread after the human approved: the interrupted call's
  // result, then the answer, then a success end. The call's TOOL_CALL_START was in the first stream, so this one
  // never names it: `name` is "" and `args` absent.
  {
    const answer = ['Done —', ' I refunded', ' $42.50 on', ' order A-1001.']
    const r = new AgUiRun('thread-approval', 'run-approval-resume')
      .started()
      .toolResult('call_refund_a1001', 'tool-msg-approval-1', REFUND_OUTPUT)
      .text('msg-approval-2', answer, 'Assistant')
      .finished({ outcome: { type: 'success' } })
    save(
      'approval-resume',
      r,
      summary('ag-ui', {
        agent: 'Assistant',
        messages: [{ agent: 'Assistant', text: joined(answer) }],
        toolCalls: [{ callId: 'call_refund_a1001', name: '', output: REFUND_OUTPUT, status: 'done' }],
      }),
    )
  }
  // error-mid-stream: RUN_ERROR after three deltas (no TEXT_MESSAGE_END, no RUN_FINISHED).
  {
    const partial = ['It’s 21', ' °C and', ' sun']
    const r = new AgUiRun('thread-error', 'run-error').started()
    r.add({
      type: EventType.TEXT_MESSAGE_START,
      messageId: 'msg-error-1',
      role: 'assistant',
      name: 'Assistant',
    } as BaseEvent)
    for (const delta of partial)
      r.add({ type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'msg-error-1', delta } as BaseEvent)
    r.add({
      type: EventType.RUN_ERROR,
      message: 'Upstream model overloaded',
      code: 'model_overloaded',
    } as BaseEvent)
    save(
      'error-mid-stream',
      r,
      summary('ag-ui', {
        status: 'error',
        error: 'Upstream model overloaded',
        errorKind: 'server',
        agent: 'Assistant',
        messages: [{ agent: 'Assistant', text: joined(partial) }],
      }),
    )
  }
  // state: STATE_SNAPSHOT then STATE_DELTA (RFC 6902) patches, inside STEP_STARTED/FINISHED.
  {
    const r = new AgUiRun('thread-state', 'run-state').started()
    r.add({ type: EventType.STEP_STARTED, stepName: 'plan_trip' } as BaseEvent)
    r.add({
      type: EventType.STATE_SNAPSHOT,
      snapshot: { trip: { city: 'Paris', days: 3 }, todos: ['book hotel'], status: 'planning', draft: true },
    } as BaseEvent)
    r.add({
      type: EventType.STATE_DELTA,
      delta: [
        { op: 'replace', path: '/trip/days', value: 4 },
        { op: 'add', path: '/todos/-', value: 'pack umbrella ☔' },
        { op: 'add', path: '/trip/tempC', value: 21 },
      ],
    } as BaseEvent)
    r.add({ type: EventType.STEP_FINISHED, stepName: 'plan_trip' } as BaseEvent)
    r.add({ type: EventType.STEP_STARTED, stepName: 'confirm' } as BaseEvent)
    r.add({
      type: EventType.STATE_DELTA,
      delta: [
        { op: 'test', path: '/status', value: 'planning' },
        { op: 'replace', path: '/status', value: 'confirmed' },
        { op: 'remove', path: '/draft' },
        { op: 'move', from: '/todos/0', path: '/done' },
        { op: 'copy', from: '/trip/city', path: '/headline' },
      ],
    } as BaseEvent)
    const answer = ['Your 4-day', ' Paris trip', ' is confirmed', ' — 21 °C', ' expected.']
    r.text('msg-state-1', answer, 'Planner')
    r.add({ type: EventType.STEP_FINISHED, stepName: 'confirm' } as BaseEvent)
    r.finished()
    save(
      'state',
      r,
      summary('ag-ui', {
        agent: 'Planner',
        messages: [{ agent: 'Planner', text: joined(answer) }],
        state: {
          trip: { city: 'Paris', days: 4, tempC: 21 },
          todos: ['pack umbrella ☔'],
          status: 'confirmed',
          done: 'book hotel',
          headline: 'Paris',
        },
      }),
    )
  }
  // long-answer
  {
    const r = new AgUiRun('thread-long', 'run-long')
      .started()
      .text('msg-long-1', LONG_DELTAS, 'Assistant')
      .finished()
    save(
      'long-answer',
      r,
      summary('ag-ui', { agent: 'Assistant', messages: [{ agent: 'Assistant', text: LONG_TEXT }] }),
    )
  }
}
let agUiTextBody = ''
let agUiTextSummary: RunSummary | undefined

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// text
// ─────────────────────────────────────────────────────────────────────────────────────────────────

/** One frame per chunk; a chunk with newlines becomes several `data:` lines (SSE joins them with "\n"). */
const textBody = (chunks: string[]): string =>
  chunks
    .map(
      (c) =>
        `${c
          .split('\n')
          .map((line) => `data: ${line}`)
          .join('\n')}\n\n`,
    )
    .join('')

function recordText(): void {
  const headers: Headers = { ...SSE_HEADERS, 'content-type': 'text/event-stream; charset=utf-8' }
  // text: note the deltas with a leading space are written `data:  there` — one space is the separator.
  {
    const s = summary('text', { messages: [{ text: TEXT }] })
    textTextBody = textBody(TEXT_DELTAS)
    writeFixture('text', 'text', { body: textTextBody, headers, summary: s })
    textTextSummary = s
  }
  // multi-line: chunks containing newlines (several data: lines per frame) and an empty line of text.
  {
    const chunks = ['Shopping list:', '\n- eggs\n- flour', '\n\n', 'Done — thanks 👋']
    writeFixture('text', 'multi-line', {
      body: textBody(chunks),
      headers,
      summary: summary('text', { messages: [{ text: joined(chunks) }] }),
    })
  }
  // long-answer (the generator's paragraph breaks become multi-line data frames)
  writeFixture('text', 'long-answer', {
    body: textBody(LONG_DELTAS),
    headers,
    summary: summary('text', { messages: [{ text: LONG_TEXT }] }),
  })
}
let textTextBody = ''
let textTextSummary: RunSummary | undefined

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// broken variants (of each protocol's `text` fixture; transformations in ./fixtures/broken.ts)
// ─────────────────────────────────────────────────────────────────────────────────────────────────

interface BrokenSource {
  protocol: Protocol
  body: string
  summary: RunSummary
  headers: Headers
  /** Index of the frame that carries TEXT_DELTAS[n] (openai-agents: its `output_text_delta` frame). */
  deltaFrame: (frames: string[], n: number) => number
  /** Index of the last frame that carries TEXT_DELTAS[n] (openai-agents: the `model` twin after it). */
  lastDeltaFrame: (frames: string[], n: number) => number
  /** For invalid-json: the frame to corrupt, or undefined to corrupt TEXT_DELTAS[1]'s frame. */
  contentFreeFrame?: (frames: string[]) => number
  /** For unknown-event (none for text). */
  unknownFrame?: string
  /** The speaking agent once TEXT_DELTAS' frames have started (openai-agents: unknown until an item). */
  partialAgent: string | null
}

const ERROR_EVENT_MESSAGE = 'Upstream connection reset'

function recordBroken(src: BrokenSource): void {
  const frames = broken.framesOf(src.body)
  const save = (name: string, body: string | Uint8Array, s: RunSummary) =>
    writeFixture(src.protocol, `broken/${name}`, { body, headers: src.headers, summary: s })
  const partialText = (keep: (i: number) => boolean) => [
    {
      role: 'assistant' as const,
      agent: src.partialAgent,
      text: TEXT_DELTAS.filter((_, i) => keep(i)).join(''),
    },
  ]

  // truncated: cut inside the frame of TEXT_DELTAS[2] (" 👋": inside the emoji) → only deltas 0..1 arrived.
  save(
    'truncated',
    broken.truncated(frames, src.deltaFrame(frames, 2)),
    withChanges(src.summary, {
      status: 'error',
      error: TRUNCATED_ERROR,
      errorKind: 'truncated',
      agent: src.partialAgent,
      messages: partialText((i) => i < 2),
      usage: undefined,
    }),
  )
  // invalid-json
  if (src.protocol !== 'text') {
    if (src.contentFreeFrame) {
      save(
        'invalid-json',
        broken.invalidJson(frames, src.contentFreeFrame(frames)),
        withChanges(src.summary, { skippedFrames: 1 }),
      )
    } else {
      save(
        'invalid-json',
        broken.invalidJson(frames, src.deltaFrame(frames, 1)),
        withChanges(src.summary, { messages: partialText((i) => i !== 1), skippedFrames: 1 }),
      )
    }
  }
  if (src.unknownFrame) save('unknown-event', broken.insertFrame(frames, 0, src.unknownFrame), src.summary)
  save('crlf', broken.crlf(src.body), src.summary)
  save('cr', broken.cr(src.body), src.summary)
  save('bom', broken.bom(src.body), src.summary)
  save('keep-alive', broken.keepAlive(frames), src.summary)
  save('id-retry', broken.idRetry(frames), src.summary)
  if (src.protocol !== 'text')
    save('multi-line-data', broken.multiLineData(frames, src.deltaFrame(frames, 3)), src.summary)
  // event-error: the stream stops after TEXT_DELTAS[4] with `event: error`.
  save(
    'event-error',
    broken.eventError(frames, src.lastDeltaFrame(frames, 4), ERROR_EVENT_MESSAGE),
    withChanges(src.summary, {
      status: 'error',
      error: ERROR_EVENT_MESSAGE,
      errorKind: 'server',
      agent: src.partialAgent,
      messages: partialText((i) => i <= 4),
      usage: undefined,
    }),
  )
}

function recordAllBroken(): void {
  const has = (needle: string) => (f: string) => f.includes(needle)
  const req = <T>(v: T | undefined): T => {
    check(v !== undefined, 'text fixture recorded before its broken variants')
    return v
  }
  recordBroken({
    protocol: 'openai-agents',
    body: agentsTextBody,
    summary: req(agentsTextSummary),
    headers: SSE_HEADERS,
    deltaFrame: (f, n) => nthFrame(f, n, has('"type":"output_text_delta"')),
    lastDeltaFrame: (f, n) => nthFrame(f, n, has('"type":"output_text_delta"')) + 1,
    contentFreeFrame: (f) => nthFrame(f, 0, has('"type":"response.in_progress"')),
    unknownFrame: 'data: {"type":"x_progress_stream_event","progress":0.5}',
    partialAgent: null,
  })
  recordBroken({
    protocol: 'openai-responses',
    body: responsesTextBody,
    summary: req(responsesTextSummary),
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': 'req_resp_text_01' },
    deltaFrame: (f, n) => nthFrame(f, n, (x) => x.startsWith('event: response.output_text.delta\n')),
    lastDeltaFrame: (f, n) => nthFrame(f, n, (x) => x.startsWith('event: response.output_text.delta\n')),
    contentFreeFrame: (f) => nthFrame(f, 0, (x) => x.startsWith('event: response.in_progress\n')),
    unknownFrame:
      'event: response.x_future_event\ndata: {"type":"response.x_future_event","detail":"not in the installed types"}',
    partialAgent: null,
  })
  recordBroken({
    protocol: 'openai-chat',
    body: chatTextBody,
    summary: req(chatTextSummary),
    headers: CHAT_HEADERS,
    deltaFrame: (f, n) => nthFrame(f, n, has('"delta":{"content":')),
    lastDeltaFrame: (f, n) => nthFrame(f, n, has('"delta":{"content":')),
    unknownFrame:
      'data: {"object":"chat.completion.x_heartbeat","id":"chatcmpl-fixture-text","created":1767225600}',
    partialAgent: null,
  })
  recordBroken({
    protocol: 'ai-sdk',
    body: req(aiText).body,
    summary: req(aiText).summary,
    headers: req(aiText).headers,
    deltaFrame: (f, n) => nthFrame(f, n, has('"type":"text-delta"')),
    lastDeltaFrame: (f, n) => nthFrame(f, n, has('"type":"text-delta"')),
    unknownFrame: 'data: {"type":"x-unknown-chunk","value":1}',
    partialAgent: null,
  })
  recordBroken({
    protocol: 'ag-ui',
    body: agUiTextBody,
    summary: req(agUiTextSummary),
    headers: AG_UI_HEADERS,
    deltaFrame: (f, n) => nthFrame(f, n, has('"type":"TEXT_MESSAGE_CONTENT"')),
    lastDeltaFrame: (f, n) => nthFrame(f, n, has('"type":"TEXT_MESSAGE_CONTENT"')),
    unknownFrame: 'data: {"type":"X_UNKNOWN_EVENT","value":1}',
    partialAgent: 'Assistant',
  })
  recordBroken({
    protocol: 'text',
    body: textTextBody,
    summary: req(textTextSummary),
    headers: { ...SSE_HEADERS, 'content-type': 'text/event-stream; charset=utf-8' },
    deltaFrame: (_f, n) => n,
    lastDeltaFrame: (_f, n) => n,
    partialAgent: null,
  })
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// main
// ─────────────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const started = Date.now()
  // Start from a clean tree so renamed/removed fixtures don't linger (README.md is kept).
  for (const protocol of ['openai-agents', 'openai-responses', 'openai-chat', 'ai-sdk', 'ag-ui', 'text'])
    rmSync(join(FIXTURES, protocol), { recursive: true, force: true })
  await recordOpenAIAgents()
  recordOpenAIResponses()
  recordOpenAIChat()
  await recordAiSdk()
  recordAgUi()
  recordText()
  recordAllBroken()
  console.log(`wrote ${written.length} fixtures to ${FIXTURES} in ${Date.now() - started} ms`)
  for (const name of written) console.log(`  ${name}`)
}

await main()
