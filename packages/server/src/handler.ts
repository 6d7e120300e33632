import type { Agent, AgentInputItem, RunState, StreamRunOptions } from '@openai/agents'
import { agentRunProducer, type RunOutcome } from './agent-run'
import { type DisconnectPolicy, type Producer, startLiveRun, stopRun, storeSource } from './live'
import { openResume, resumeTargetOf } from './resume'
import {
  type ChunkSource,
  chunkSourceToResponse,
  type NodeResponseLike,
  pipeChunkSourceToNodeResponse,
  type StreamOptions,
} from './sinks'
import { createRunId, describeError } from './sse'
import { createMemoryEventStore, type EventStore } from './store'

/**
 * A request as the handler sees it, whatever the framework.
 *
 * @example
 * ```ts
 * const agent = (request: AgentRequest) => (request.headers.get('x-plan') === 'pro' ? proAgent : freeAgent)
 * ```
 */
export interface AgentRequest {
  method: string
  url: URL
  headers: { get(name: string): string | null }
  /** The parsed JSON body (`undefined` when there is none). */
  body: unknown
  /** The framework's own request: a Web `Request` or a Node `IncomingMessage`. */
  raw: unknown
}

/**
 * The JSON bodies `@agentstream/core` sends to this endpoint:
 * a new turn `{ input, history }`, an approval `{ runId, approvals }`, a stop `{ runId, stop: true }`.
 *
 * @example
 * ```ts
 * const body: AgentRequestBody = { input: 'Weather in Oslo?', history: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello!' }] }
 * ```
 */
export interface AgentRequestBody {
  input?: unknown
  history?: unknown
  runId?: unknown
  approvals?: unknown
  stop?: unknown
}

/**
 * One approval decision of an `{ runId, approvals }` request.
 *
 * @example
 * ```ts
 * const decision: ApprovalDecisionBody = { callId: 'call_1', approved: false, reason: 'Too expensive' }
 * ```
 */
export interface ApprovalDecisionBody {
  callId: string
  approved: boolean
  reason?: string
}

/**
 * `run()` options the handler passes on (it sets `stream` and `signal` itself).
 *
 * @example
 * ```ts
 * const runOptions: AgentRunOptions = { maxTurns: 8, context: { userId: 'u1' } }
 * ```
 */
export type AgentRunOptions = Omit<StreamRunOptions<any, any>, 'stream' | 'signal'>

/**
 * The two SDK entry points the handler uses; by default imported from `@openai/agents` when first needed.
 *
 * @example
 * ```ts
 * import { run, RunState } from '@openai/agents'
 * const sdk: AgentSdk = { run, RunState }
 * ```
 */
export interface AgentSdk {
  run: typeof import('@openai/agents').run
  RunState: typeof import('@openai/agents').RunState
}

/**
 * Options of {@link createAgentHandler}.
 *
 * @example
 * ```ts
 * const options: AgentHandlerOptions = { agent, runOptions: { maxTurns: 10 }, store: createMemoryEventStore() }
 * ```
 */
export interface AgentHandlerOptions extends Omit<StreamOptions, 'signal'> {
  /** The entry agent, or a function choosing it per request (must give the same agent for an approval). */
  agent: Agent<any, any> | ((request: AgentRequest) => Agent<any, any> | Promise<Agent<any, any>>)
  /** Options for `run()` (context, maxTurns, session, …), or a function of the request. */
  runOptions?: AgentRunOptions | ((request: AgentRequest) => AgentRunOptions | Promise<AgentRunOptions>)
  /** The event log (frames for resume, states of interrupted runs). Default: a new in-memory store. */
  store?: EventStore
  /**
   * Builds the run input from a new-turn body. Default: `history` (`{role: 'user'|'assistant', content}`
   * entries) followed by `input` as a user message; other roles and non-string inputs are refused.
   */
  input?: (
    body: AgentRequestBody,
    request: AgentRequest,
  ) => string | AgentInputItem[] | Promise<string | AgentInputItem[]>
  /**
   * A client that goes away without a stop request: `'keep'` (default) lets the run go on so a
   * reconnect resumes it, `'cancel'` aborts it at once. A stop request always cancels.
   */
  onDisconnect?: DisconnectPolicy
  /** With `'keep'`: cancel a run that no client read for this long (ms). Default 30,000. */
  resumeWindow?: number
  /**
   * What error frames say. Default: the error's `name` and `message` (the model's own message when
   * a model response failed).
   */
  formatError?: (error: unknown) => { name: string; message: string }
  /**
   * The text the model gets for a rejected call. Default: the SDK's own text, or
   * `Tool execution was not approved: <reason>` when the client gave a reason.
   */
  rejectionMessage?: (decision: ApprovalDecisionBody) => string | undefined
  /** Each run's end (done, interrupted, stopped, error). */
  onRunFinish?: (outcome: RunOutcome) => void
  /** `run` and `RunState` (default: `import('@openai/agents')`). */
  sdk?: AgentSdk
  /** Largest JSON body either adapter reads, in bytes (larger ones get a 413). Default 1 MiB. */
  maxBodyBytes?: number
}

/**
 * The parts of a Node `IncomingMessage` (or Express request) the Node adapter uses.
 *
 * @example
 * ```ts
 * import type { IncomingMessage } from 'node:http'
 * const request: NodeRequestLike = req as IncomingMessage
 * ```
 */
export interface NodeRequestLike extends AsyncIterable<unknown> {
  method?: string
  url?: string
  headers: Record<string, string | string[] | undefined>
  /** Already parsed by a body parser (Express `express.json()`). */
  body?: unknown
}

/**
 * The endpoint {@link createAgentHandler} returns. Call it with a Web `Request` (it is its own
 * `fetch`), or use `.node(req, res)` with `node:http` / Express.
 *
 * @example
 * ```ts
 * const handler = createAgentHandler({ agent })
 * export const GET = handler, POST = handler, DELETE = handler // Next.js route handlers
 * ```
 */
export interface AgentHandler {
  (request: Request): Promise<Response>
  fetch(request: Request): Promise<Response>
  node(req: NodeRequestLike, res: NodeResponseLike): Promise<void>
  /** Cancels a run for good (as `POST {runId, stop: true}` or `DELETE ?runId=` do). */
  stop(runId: string): Promise<boolean>
  readonly store: EventStore
}

type Outcome =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'sse'; runId: string; source: ChunkSource }

const json = (status: number, name: string, message: string): Outcome => ({
  kind: 'json',
  status,
  body: { error: { name, message } },
})

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

class BadRequest extends Error {
  override name = 'BadRequest'
}

/** A body over `maxBodyBytes`: answered 413, and on Node the connection is closed (it was not read to the end). */
class TooLarge extends BadRequest {
  override name = 'PayloadTooLarge'
}

/**
 * A request body as text, read chunk by chunk so a huge body is refused as soon as it passes `limit`
 * (a declared `content-length` is refused before reading).
 */
async function readText(
  chunks: AsyncIterable<Uint8Array | string>,
  length: string | null | undefined,
  limit: number,
): Promise<string> {
  const tooLarge = () => new TooLarge(`The body is larger than ${limit} bytes.`)
  if (length && Number(length) > limit) throw tooLarge()
  const decoder = new TextDecoder()
  let size = 0
  let text = ''
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk
    size += bytes.byteLength
    if (size > limit) throw tooLarge()
    text += decoder.decode(bytes, { stream: true })
  }
  return text + decoder.decode()
}

/** The JSON of a body's text (`undefined` for none). */
function parseBody(text: string): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new BadRequest('The body is not valid JSON.')
  }
}

/** The answer to a body that could not be read: 413 when too large, else 400. */
function badBody(error: unknown): { status: number; body: unknown } {
  const known = error instanceof BadRequest
  return {
    status: error instanceof TooLarge ? 413 : 400,
    body: {
      error: {
        name: known ? error.name : 'BadRequest',
        message: known ? error.message : 'The body could not be read.',
      },
    },
  }
}

/** Default input: `history` then the new user message. */
function defaultInput(body: AgentRequestBody): string | AgentInputItem[] {
  if (typeof body.input !== 'string') throw new BadRequest('`input` must be a string.')
  if (body.history === undefined) return body.input
  if (!Array.isArray(body.history)) throw new BadRequest('`history` must be an array.')
  const items: AgentInputItem[] = []
  for (const entry of body.history) {
    if (!isObject(entry) || typeof entry.content !== 'string')
      throw new BadRequest('Each `history` entry must be { role: "user" | "assistant", content: string }.')
    if (entry.role === 'user') items.push({ role: 'user', content: entry.content })
    else if (entry.role === 'assistant')
      items.push({
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: entry.content }],
      })
    else throw new BadRequest(`History role ${JSON.stringify(entry.role)} is not accepted.`)
  }
  items.push({ role: 'user', content: body.input })
  return items
}

function decisionsOf(value: unknown[]): ApprovalDecisionBody[] {
  return value.map((entry) => {
    if (!isObject(entry) || typeof entry.callId !== 'string' || typeof entry.approved !== 'boolean')
      throw new BadRequest('Each approval must be { callId: string, approved: boolean, reason?: string }.')
    return {
      callId: entry.callId,
      approved: entry.approved,
      ...(typeof entry.reason === 'string' ? { reason: entry.reason } : {}),
    }
  })
}

/** The call id of an approval item, as the core client names it. */
function callIdOf(item: { rawItem?: unknown }): string | undefined {
  const raw = isObject(item.rawItem) ? item.rawItem : {}
  for (const key of ['callId', 'call_id', 'id']) if (typeof raw[key] === 'string') return raw[key] as string
  return undefined
}

function staticProducer(frames: string[]): Producer {
  return {
    next: async () => {
      const data = frames.shift()
      return data === undefined ? null : { data }
    },
    cancel: () => {
      frames.length = 0
    },
  }
}

let sdkPromise: Promise<AgentSdk> | undefined
function loadSdk(): Promise<AgentSdk> {
  sdkPromise ??= import('@openai/agents').then((module) => ({ run: module.run, RunState: module.RunState }))
  return sdkPromise
}

/**
 * One endpoint for an `@openai/agents` agent that speaks the `@agentstream/core` client's protocol:
 * - `POST { input, history }` starts a run and streams it (`run_started`, SDK events, `run_finished` / `error`);
 * - `POST { runId, approvals }` continues an interrupted run: the saved `RunState` is restored,
 *   each call approved or rejected, and the run streams on under a new run id;
 * - `Last-Event-ID` (any method) or `GET ?runId=…&lastEventId=…` replays what the client missed and follows live;
 * - `POST { runId, stop: true }` or `DELETE ?runId=…` cancels a run for good.
 *
 * It owns the `run()` call so it can pass an `AbortSignal`: a stop request cancels the run; a mere
 * disconnect keeps it going for `resumeWindow` (or cancels at once with `onDisconnect: 'cancel'`).
 *
 * @example
 * ```ts
 * import { Agent } from '@openai/agents'
 * import { createAgentHandler } from '@agentstream/server'
 *
 * const handler = createAgentHandler({ agent: new Agent({ name: 'Assistant', instructions: 'Be brief.' }) })
 * // Hono:     app.all('/api/agent', (c) => handler(c.req.raw))
 * // Next.js:  export { handler as GET, handler as POST, handler as DELETE }
 * // Express:  app.all('/api/agent', express.json(), (req, res) => handler.node(req, res))
 * ```
 */
export function createAgentHandler(options: AgentHandlerOptions): AgentHandler {
  const store = options.store ?? createMemoryEventStore()
  const onDisconnect = options.onDisconnect ?? 'keep'
  const resumeWindow = options.resumeWindow ?? 30_000
  const sdk = () => (options.sdk ? Promise.resolve(options.sdk) : loadSdk())
  const agentFor = async (request: AgentRequest) =>
    typeof options.agent === 'function' ? await options.agent(request) : options.agent
  const runOptionsFor = async (request: AgentRequest): Promise<AgentRunOptions> =>
    typeof options.runOptions === 'function' ? await options.runOptions(request) : (options.runOptions ?? {})
  const formatError = options.formatError ?? describeError

  const launch = (
    runId: string,
    agentName: string,
    start: (signal: AbortSignal) => Promise<import('@openai/agents').StreamedRunResult<any, any>>,
  ): Promise<Outcome> => {
    const controller = new AbortController()
    return start(controller.signal).then(
      (result) => {
        const producer = agentRunProducer(result, {
          runId,
          ...(options.formatError ? { formatError: options.formatError } : {}),
          ...(options.onRunFinish ? { onFinish: options.onRunFinish } : {}),
          onCancel: (reason) => controller.abort(reason),
          onInterrupted: () => store.saveState(runId, result.state.toString()),
        })
        startLiveRun(store, runId, producer, { onDisconnect, resumeWindow })
        return { kind: 'sse' as const, runId, source: storeSource(store, runId, -1) }
      },
      (error: unknown) => {
        // `run()` failed before streaming: still a stream, so the client shows the error.
        let described: { name: string; message: string }
        try {
          described = formatError(error)
        } catch {
          described = describeError(error)
        }
        options.onRunFinish?.({ runId, status: 'error', error })
        const producer = staticProducer([
          JSON.stringify({ type: 'run_started', runId, agent: { name: agentName } }),
          JSON.stringify({ type: 'error', error: described }),
        ])
        startLiveRun(store, runId, producer, { onDisconnect, resumeWindow })
        return { kind: 'sse' as const, runId, source: storeSource(store, runId, -1) }
      },
    )
  }

  const stop = async (runId: unknown): Promise<Outcome> => {
    if (typeof runId !== 'string' || !runId) return json(400, 'BadRequest', 'A stop request needs a `runId`.')
    const stopped = await stopRun(store, runId)
    return { kind: 'json', status: stopped ? 200 : 404, body: { runId, stopped } }
  }

  const approve = async (request: AgentRequest, body: AgentRequestBody): Promise<Outcome> => {
    const runId = body.runId
    if (typeof runId !== 'string' || !runId) return json(400, 'BadRequest', 'An approval needs the `runId`.')
    const decisions = decisionsOf(body.approvals as unknown[])
    const serialized = await store.takeState(runId)
    if (serialized === undefined)
      return json(
        409,
        'NoPendingApprovals',
        `Run ${runId} is not waiting for approvals (already continued, stopped, or expired).`,
      )
    const { run, RunState } = await sdk()
    const agent = await agentFor(request)
    let state: RunState<any, any>
    try {
      state = await RunState.fromString(agent, serialized)
    } catch (error) {
      return json(
        500,
        'InvalidRunState',
        `The saved state of run ${runId} could not be restored: ${describeError(error).message}`,
      )
    }
    const pending = state.getInterruptions()
    const unknown = decisions.filter(
      (decision) => !pending.some((item) => callIdOf(item) === decision.callId),
    )
    if (unknown.length > 0) {
      await store.saveState(runId, serialized)
      return json(
        400,
        'UnknownApproval',
        `Run ${runId} is not waiting for ${unknown.map((decision) => decision.callId).join(', ')}.`,
      )
    }
    for (const decision of decisions) {
      const item = pending.find((candidate) => callIdOf(candidate) === decision.callId)!
      if (decision.approved) state.approve(item)
      else {
        const message = options.rejectionMessage
          ? options.rejectionMessage(decision)
          : decision.reason
            ? `Tool execution was not approved: ${decision.reason}`
            : undefined
        state.reject(item, message !== undefined ? { message } : undefined)
      }
    }
    const runOptions = await runOptionsFor(request)
    return launch(createRunId(), agent.name, (signal) =>
      run(agent, state, { ...runOptions, stream: true, signal }),
    )
  }

  const startTurn = async (request: AgentRequest, body: AgentRequestBody): Promise<Outcome> => {
    const input = options.input ? await options.input(body, request) : defaultInput(body)
    const { run } = await sdk()
    const agent = await agentFor(request)
    const runOptions = await runOptionsFor(request)
    return launch(createRunId(), agent.name, (signal) =>
      run(agent, input, { ...runOptions, stream: true, signal }),
    )
  }

  const handle = async (request: AgentRequest): Promise<Outcome> => {
    try {
      const method = request.method.toUpperCase()
      const body = (isObject(request.body) ? request.body : {}) as AgentRequestBody
      if (method === 'DELETE') return await stop(request.url.searchParams.get('runId') ?? body.runId)
      const target = resumeTargetOf(request.headers, request.url)
      if (target) {
        const opened = await openResume(store, target)
        if ('problem' in opened) return { kind: 'json', ...opened.problem }
        return { kind: 'sse', runId: target.runId, source: opened.source }
      }
      if (method === 'GET' || method === 'HEAD')
        return json(400, 'BadRequest', 'GET resumes a run: send Last-Event-ID or ?runId=…&lastEventId=….')
      if (method !== 'POST') return json(405, 'MethodNotAllowed', `${method} is not supported.`)
      if (!isObject(request.body)) return json(400, 'BadRequest', 'Send a JSON object body.')
      if (body.stop === true) return await stop(body.runId)
      if (Array.isArray(body.approvals)) return await approve(request, body)
      if (body.input !== undefined) return await startTurn(request, body)
      return json(
        400,
        'BadRequest',
        'Send { input, history }, { runId, approvals } or { runId, stop: true }.',
      )
    } catch (error) {
      if (error instanceof BadRequest) return json(400, 'BadRequest', error.message)
      const described = formatError(error)
      return json(500, described.name, described.message)
    }
  }

  const streamOptions = (runId: string): StreamOptions => ({
    ...(options.keepAliveInterval !== undefined ? { keepAliveInterval: options.keepAliveInterval } : {}),
    ...(options.stallTimeout !== undefined ? { stallTimeout: options.stallTimeout } : {}),
    ...(options.highWaterMark !== undefined ? { highWaterMark: options.highWaterMark } : {}),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
    ...(options.onClientGone ? { onClientGone: options.onClientGone } : {}),
    headers: { 'x-agentstream-run-id': runId, ...options.headers },
  })

  const limit = options.maxBodyBytes ?? 1024 * 1024

  const fetchHandler = async (request: Request): Promise<Response> => {
    let body: unknown
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.body) {
      try {
        body = parseBody(
          await readText(
            request.body as unknown as AsyncIterable<Uint8Array>,
            request.headers.get('content-length'),
            limit,
          ),
        )
      } catch (error) {
        const answer = badBody(error)
        return Response.json(answer.body, { status: answer.status })
      }
    }
    const outcome = await handle({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body,
      raw: request,
    })
    if (outcome.kind === 'json') return Response.json(outcome.body, { status: outcome.status })
    return chunkSourceToResponse(outcome.source, { ...streamOptions(outcome.runId), signal: request.signal })
  }

  const readNodeBody = async (req: NodeRequestLike): Promise<unknown> => {
    if (req.body !== undefined) {
      if (typeof req.body === 'string') return parseBody(req.body)
      if (isObject(req.body) && !(req.body instanceof Uint8Array)) return req.body
    }
    if (req.method === 'GET' || req.method === 'HEAD') return undefined
    const length = req.headers['content-length']
    return parseBody(
      await readText(
        req as AsyncIterable<Uint8Array | string>,
        Array.isArray(length) ? length[0] : length,
        limit,
      ),
    )
  }

  const nodeHandler = async (req: NodeRequestLike, res: NodeResponseLike): Promise<void> => {
    const sendJson = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    let body: unknown
    try {
      body = await readNodeBody(req)
    } catch (error) {
      const answer = badBody(error)
      if (error instanceof TooLarge) {
        // The rest of the body is still on its way: the connection cannot carry another request.
        res.writeHead(answer.status, { 'content-type': 'application/json', connection: 'close' })
        res.end(JSON.stringify(answer.body))
        return
      }
      sendJson(answer.status, answer.body)
      return
    }
    const headers = {
      get: (name: string) => {
        const value = req.headers[name.toLowerCase()]
        return Array.isArray(value) ? (value[0] ?? null) : (value ?? null)
      },
    }
    const outcome = await handle({
      method: req.method ?? 'GET',
      url: new URL(req.url ?? '/', 'http://localhost'),
      headers,
      body,
      raw: req,
    })
    if (outcome.kind === 'json') return sendJson(outcome.status, outcome.body)
    await pipeChunkSourceToNodeResponse(outcome.source, res, streamOptions(outcome.runId))
  }

  const handler = ((request: Request) => fetchHandler(request)) as AgentHandler
  handler.fetch = fetchHandler
  handler.node = nodeHandler
  handler.stop = (runId) => stopRun(store, runId)
  Object.defineProperty(handler, 'store', { value: store, enumerable: true })
  return handler
}
