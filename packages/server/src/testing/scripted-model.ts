/**
 * An offline, scripted model for `@openai/agents`: the SDK's own `OpenAIResponsesModel` with an
 * `OpenAI` client whose `fetch` plays the Responses API streaming wire (`event: response.*` frames)
 * from a script, one turn per model request. Nothing leaves the process, so tests and demos run
 * the real SDK (agents, tools, handoffs, approvals, `run()`) without a network or an API key.
 *
 * @module
 */
import { OpenAIResponsesModel } from '@openai/agents'
import OpenAI from 'openai'

/**
 * One output item of a scripted model turn.
 * - `message`: assistant text, streamed as the given deltas (a string is split into words);
 * - `reasoning`: a reasoning summary;
 * - `function_call`: a tool call (`arguments` as an object or a JSON string);
 * - `handoff`: the call of the handoff tool to the agent named `to` (`transfer_to_<to>`).
 *
 * @example
 * ```ts
 * const items: ScriptedItem[] = [
 *   { type: 'message', text: 'Let me check.' },
 *   { type: 'function_call', name: 'get_weather', arguments: { city: 'Oslo' } },
 * ]
 * ```
 */
export type ScriptedItem =
  | { type: 'message'; text: string | readonly string[]; id?: string }
  | { type: 'reasoning'; summary: string | readonly string[]; id?: string }
  | { type: 'function_call'; name: string; arguments?: unknown; callId?: string; id?: string }
  | { type: 'handoff'; to: string; callId?: string; id?: string }

/**
 * How a scripted turn ends: `completed` (default), `response.failed`, a bare `error` event, or an
 * HTTP error status before any event.
 *
 * @example
 * ```ts
 * const end: ScriptedTurnEnd = { type: 'failed', message: 'The model is overloaded.', code: 'server_error' }
 * ```
 */
export type ScriptedTurnEnd =
  | 'completed'
  | { type: 'failed'; message: string; code?: string }
  | { type: 'error'; message: string; code?: string }
  | { type: 'http'; status: number; message: string }

/**
 * One model response.
 *
 * @example
 * ```ts
 * const turn: ScriptedTurn = { items: [{ type: 'message', text: 'Hello!' }], usage: { input: 12, output: 3 } }
 * ```
 */
export interface ScriptedTurn {
  items?: readonly ScriptedItem[]
  end?: ScriptedTurnEnd
  usage?: { input?: number; output?: number }
  /** Milliseconds before each streamed event (overrides the model's `delay`). */
  delay?: number
}

/**
 * A model request, as a function script sees it.
 *
 * @example
 * ```ts
 * const script = (request: ScriptedRequest): ScriptedTurn =>
 *   request.toolOutputs.length > 0 ? { items: [{ type: 'message', text: 'Done.' }] } : { items: [{ type: 'function_call', name: 'lookup', arguments: {} }] }
 * ```
 */
export interface ScriptedRequest {
  /** 0 for the first request this model got. */
  index: number
  /** The Responses API request body the SDK sent. */
  body: Record<string, unknown>
  /** The text of the last user message in `body.input`. */
  lastUserText: string | undefined
  /** `function_call_output` items in `body.input`, in order. */
  toolOutputs: { callId: string; output: unknown }[]
}

/**
 * A list of turns (one per request, in order) or a function choosing the turn for each request.
 *
 * @example
 * ```ts
 * const script: Script = [{ items: [{ type: 'message', text: 'Hi!' }] }]
 * ```
 */
export type Script =
  | readonly ScriptedTurn[]
  | ((request: ScriptedRequest) => ScriptedTurn | Promise<ScriptedTurn>)

/**
 * Options of {@link createScriptedModel}.
 *
 * @example
 * ```ts
 * const options: ScriptedModelOptions = { model: 'gpt-5.4-mini', delay: 5 }
 * ```
 */
export interface ScriptedModelOptions {
  /** The model name requests and responses carry. Default `gpt-scripted`. */
  model?: string
  /** Milliseconds before each streamed event. Default 0. */
  delay?: number
  /** With a list script: start over at the first turn when the list is used up (demos). Default false. */
  loop?: boolean
}

/**
 * The `fetch` {@link createScriptedResponsesFetch} returns, with the requests it got.
 *
 * @example
 * ```ts
 * const fetch: ScriptedFetch = createScriptedResponsesFetch([{ items: [{ type: 'message', text: 'Hi' }] }])
 * console.log(fetch.requests.length, fetch.remaining)
 * ```
 */
export type ScriptedFetch = ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) & {
  readonly requests: ScriptedRequest[]
  readonly remaining: number
}

/**
 * The model {@link createScriptedModel} returns: give it to `new Agent({ model })`.
 *
 * @example
 * ```ts
 * const model: ScriptedModel = createScriptedModel([{ items: [{ type: 'message', text: 'Hi' }] }])
 * console.log(model.requests.length)
 * ```
 */
export type ScriptedModel = OpenAIResponsesModel & {
  /** Every request the model got. */
  readonly requests: ScriptedRequest[]
  /** List scripts: turns not requested yet. */
  readonly remaining: number
}

type Json = Record<string, unknown>

function words(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? []
}

function textDeltas(value: string | readonly string[]): string[] {
  return typeof value === 'string' ? words(value) : [...value]
}

function halves(text: string): string[] {
  if (text.length < 2) return [text]
  const middle = Math.ceil(text.length / 2)
  return [text.slice(0, middle), text.slice(middle)]
}

function toFunctionToolName(name: string): string {
  return name.replace(/\s/g, '_').replace(/[^a-zA-Z0-9]/g, '_')
}

function lastUserText(input: unknown): string | undefined {
  if (typeof input === 'string') return input
  if (!Array.isArray(input)) return undefined
  for (let index = input.length - 1; index >= 0; index--) {
    const item = input[index] as Json | undefined
    if (item?.role !== 'user') continue
    if (typeof item.content === 'string') return item.content
    if (Array.isArray(item.content))
      return item.content.map((part: Json) => (typeof part?.text === 'string' ? part.text : '')).join('')
  }
  return undefined
}

function toolOutputs(input: unknown): { callId: string; output: unknown }[] {
  if (!Array.isArray(input)) return []
  return input
    .filter((item: Json) => item?.type === 'function_call_output')
    .map((item: Json) => ({ callId: String(item.call_id), output: item.output }))
}

/** The Responses API events of one turn, without `sequence_number`. */
function turnEvents(
  turn: ScriptedTurn,
  ids: { response: string; next: (kind: string) => string },
  body: Json,
  model: string,
): Json[] {
  const events: Json[] = []
  const createdAt = Math.floor(Date.now() / 1000)
  const response = (status: string, output: Json[], extra: Json = {}): Json => ({
    id: ids.response,
    object: 'response',
    created_at: createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: null,
    metadata: {},
    model,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: 1,
    truncation: 'disabled',
    ...extra,
  })
  events.push({ type: 'response.created', response: response('in_progress', []) })
  events.push({ type: 'response.in_progress', response: response('in_progress', []) })
  const output: Json[] = []
  ;(turn.items ?? []).forEach((item, output_index) => {
    switch (item.type) {
      case 'message': {
        const item_id = item.id ?? ids.next('msg')
        const deltas = textDeltas(item.text)
        const text = deltas.join('')
        events.push({
          type: 'response.output_item.added',
          output_index,
          item: { id: item_id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
        })
        events.push({
          type: 'response.content_part.added',
          item_id,
          output_index,
          content_index: 0,
          part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
        })
        for (const delta of deltas)
          events.push({
            type: 'response.output_text.delta',
            item_id,
            output_index,
            content_index: 0,
            delta,
            logprobs: [],
          })
        events.push({
          type: 'response.output_text.done',
          item_id,
          output_index,
          content_index: 0,
          text,
          logprobs: [],
        })
        const part = { type: 'output_text', text, annotations: [], logprobs: [] }
        events.push({ type: 'response.content_part.done', item_id, output_index, content_index: 0, part })
        const done = { id: item_id, type: 'message', status: 'completed', role: 'assistant', content: [part] }
        output.push(done)
        events.push({ type: 'response.output_item.done', output_index, item: done })
        break
      }
      case 'reasoning': {
        const item_id = item.id ?? ids.next('rs')
        const deltas = textDeltas(item.summary)
        const text = deltas.join('')
        events.push({
          type: 'response.output_item.added',
          output_index,
          item: { id: item_id, type: 'reasoning', summary: [] },
        })
        events.push({
          type: 'response.reasoning_summary_part.added',
          item_id,
          output_index,
          summary_index: 0,
          part: { type: 'summary_text', text: '' },
        })
        for (const delta of deltas)
          events.push({
            type: 'response.reasoning_summary_text.delta',
            item_id,
            output_index,
            summary_index: 0,
            delta,
          })
        events.push({
          type: 'response.reasoning_summary_text.done',
          item_id,
          output_index,
          summary_index: 0,
          text,
        })
        events.push({
          type: 'response.reasoning_summary_part.done',
          item_id,
          output_index,
          summary_index: 0,
          part: { type: 'summary_text', text },
        })
        const done = { id: item_id, type: 'reasoning', summary: [{ type: 'summary_text', text }] }
        output.push(done)
        events.push({ type: 'response.output_item.done', output_index, item: done })
        break
      }
      case 'function_call':
      case 'handoff': {
        const item_id = item.id ?? ids.next('fc')
        const call_id = item.callId ?? ids.next('call')
        const name = item.type === 'handoff' ? `transfer_to_${toFunctionToolName(item.to)}` : item.name
        const args =
          item.type === 'handoff'
            ? '{}'
            : typeof item.arguments === 'string'
              ? item.arguments
              : JSON.stringify(item.arguments ?? {})
        events.push({
          type: 'response.output_item.added',
          output_index,
          item: { id: item_id, type: 'function_call', status: 'in_progress', call_id, name, arguments: '' },
        })
        for (const delta of halves(args))
          events.push({ type: 'response.function_call_arguments.delta', item_id, output_index, delta })
        events.push({ type: 'response.function_call_arguments.done', item_id, output_index, arguments: args })
        const done = {
          id: item_id,
          type: 'function_call',
          status: 'completed',
          call_id,
          name,
          arguments: args,
        }
        output.push(done)
        events.push({ type: 'response.output_item.done', output_index, item: done })
        break
      }
    }
  })
  const input_tokens = turn.usage?.input ?? 10
  const output_tokens = turn.usage?.output ?? 5
  const usage = {
    input_tokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input_tokens + output_tokens,
  }
  const end = turn.end ?? 'completed'
  if (end === 'completed')
    events.push({ type: 'response.completed', response: response('completed', output, { usage }) })
  else if (end.type === 'failed')
    events.push({
      type: 'response.failed',
      response: response('failed', output, {
        usage,
        error: { code: end.code ?? 'server_error', message: end.message },
      }),
    })
  else if (end.type === 'error')
    events.push({ type: 'error', code: end.code ?? 'server_error', message: end.message, param: null })
  return events
}

function sleep(milliseconds: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'))
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, milliseconds)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason ?? new Error('aborted'))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * A `fetch` for the `openai` client that answers `POST …/responses` with scripted turns (the
 * Responses API streaming wire), as {@link createScriptedModel} uses. Handy to test Responses
 * pass-through endpoints offline: `new OpenAI({ apiKey: 'x', baseURL: 'http://scripted.invalid/v1', fetch })`.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai'
 * const fetch = createScriptedResponsesFetch([{ items: [{ type: 'message', text: 'Hi!' }] }])
 * const client = new OpenAI({ apiKey: 'sk-offline', baseURL: 'http://scripted.invalid/v1', fetch })
 * const stream = await client.responses.create({ model: 'gpt-scripted', input: 'Hello', stream: true })
 * ```
 */
export function createScriptedResponsesFetch(
  script: Script,
  options: ScriptedModelOptions = {},
): ScriptedFetch {
  const modelName = options.model ?? 'gpt-scripted'
  const requests: ScriptedRequest[] = []
  let position = 0
  let counter = 0
  const next = (kind: string) => `${kind}_scripted_${(++counter).toString().padStart(4, '0')}`

  const pick = async (request: ScriptedRequest): Promise<ScriptedTurn> => {
    if (typeof script === 'function') return script(request)
    if (position >= script.length && options.loop && script.length > 0) position = 0
    const turn = script[position++]
    if (!turn) throw new Error(`The script has no turn for model request #${request.index + 1}.`)
    return turn
  }

  const fetchScripted = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (!url.endsWith('/responses'))
      return Response.json(
        { error: { message: `The scripted model only answers /responses, not ${url}.` } },
        { status: 404 },
      )
    const text = typeof init?.body === 'string' ? init.body : ''
    const body = (text ? JSON.parse(text) : {}) as Json
    const request: ScriptedRequest = {
      index: requests.length,
      body,
      lastUserText: lastUserText(body.input),
      toolOutputs: toolOutputs(body.input),
    }
    requests.push(request)
    let turn: ScriptedTurn
    try {
      turn = await pick(request)
    } catch (error) {
      return Response.json(
        { error: { message: error instanceof Error ? error.message : String(error), type: 'server_error' } },
        { status: 500 },
      )
    }
    const end = turn.end
    if (end && end !== 'completed' && end.type === 'http')
      return Response.json(
        { error: { message: end.message, type: 'server_error', param: null, code: null } },
        { status: end.status },
      )
    const events = turnEvents(turn, { response: next('resp'), next }, body, modelName)
    const delay = turn.delay ?? options.delay ?? 0
    const signal = init?.signal
    const encoder = new TextEncoder()
    let index = 0
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (index >= events.length) {
          controller.close()
          return
        }
        try {
          if (delay > 0) await sleep(delay, signal)
          else if (signal?.aborted) throw signal.reason ?? new Error('aborted')
        } catch (error) {
          controller.error(error)
          return
        }
        const event = { ...events[index], sequence_number: index } as Json
        index++
        controller.enqueue(encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`))
      },
    })
    return new Response(stream, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'x-request-id': `req_scripted_${request.index}`,
      },
    })
  }

  Object.defineProperty(fetchScripted, 'requests', { value: requests, enumerable: false })
  Object.defineProperty(fetchScripted, 'remaining', {
    get: () => (typeof script === 'function' ? 0 : Math.max(0, script.length - position)),
    enumerable: false,
  })
  return fetchScripted as ScriptedFetch
}

/**
 * Creates an offline model that plays a script: each model request gets the next turn (or the
 * turn a function returns), streamed as the Responses API does (`response.created` …
 * `response.completed`), into the SDK's real `OpenAIResponsesModel`. Honours the run's
 * `AbortSignal`. Call `setTracingDisabled(true)` so nothing tries to export traces.
 *
 * @example
 * ```ts
 * import { Agent, run, setTracingDisabled, tool } from '@openai/agents'
 * import { createScriptedModel } from '@agentstream/server/testing'
 * import { z } from 'zod'
 *
 * setTracingDisabled(true)
 * const model = createScriptedModel([
 *   { items: [{ type: 'function_call', name: 'get_weather', arguments: { city: 'Oslo' } }] },
 *   { items: [{ type: 'message', text: 'It is 4 °C in Oslo.' }] },
 * ])
 * const getWeather = tool({
 *   name: 'get_weather',
 *   description: 'Weather for a city',
 *   parameters: z.object({ city: z.string() }),
 *   execute: async ({ city }) => `4 °C in ${city}`,
 * })
 * const agent = new Agent({ name: 'Assistant', model, tools: [getWeather] })
 * const result = await run(agent, 'Weather in Oslo?', { stream: true })
 * ```
 */
export function createScriptedModel(script: Script, options: ScriptedModelOptions = {}): ScriptedModel {
  const modelName = options.model ?? 'gpt-scripted'
  const fetch = createScriptedResponsesFetch(script, options)
  const client = new OpenAI({
    apiKey: 'sk-scripted-offline',
    baseURL: 'http://scripted.invalid/v1',
    fetch,
    maxRetries: 0,
  })
  const model = new OpenAIResponsesModel(client, modelName) as ScriptedModel
  Object.defineProperty(model, 'requests', { value: fetch.requests, enumerable: false })
  Object.defineProperty(model, 'remaining', { get: () => fetch.remaining, enumerable: false })
  return model
}
