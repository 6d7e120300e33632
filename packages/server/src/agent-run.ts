import type { RunStreamEvent, StreamedRunResult } from '@openai/agents'
import { type CancelReason, type DisconnectPolicy, type Producer, startLiveRun, storeSource } from './live'
import {
  type ChunkSource,
  chunkSourceToResponse,
  type NodeResponseLike,
  pipeChunkSourceToNodeResponse,
  type StreamOptions,
  sequencedSource,
} from './sinks'
import { createRunId, describeError, type FramePayload, formatEventId } from './sse'
import type { EventStore } from './store'

/**
 * How a run ended, as {@link AgentRunToSSEOptions.onFinish} reports it.
 *
 * @example
 * ```ts
 * const outcome: RunOutcome = { runId: 'run_1', status: 'interrupted' }
 * ```
 */
export interface RunOutcome {
  runId: string
  /** `stopped`: cancelled (stop request, client gone, abandoned); see `reason`. */
  status: 'done' | 'interrupted' | 'stopped' | 'error'
  reason?: CancelReason
  error?: unknown
}

/**
 * Options of {@link agentRunToSSE} and {@link pipeAgentRunToNodeResponse}.
 *
 * @example
 * ```ts
 * const options: AgentRunToSSEOptions = { keepAliveInterval: 10_000, store, onDisconnect: 'keep' }
 * ```
 */
export interface AgentRunToSSEOptions extends StreamOptions {
  /** The run's id (`run_<uuid>` by default); frames get `id: <runId>:<seq>`. */
  runId?: string
  /** The agent announced in `run_started` (default: the result's current agent). */
  agentName?: string
  /**
   * Keep the frames in this event log so a reconnect can resume (see `resumeSSE`). Without a store
   * the response reads the run directly and a client that goes away cancels it.
   */
  store?: EventStore
  /** With a store: `'keep'` lets the run go on for a resume after a disconnect. Default `'cancel'`. */
  onDisconnect?: DisconnectPolicy
  /** With `'keep'`: cancel the run when no client read it for this long (ms). Default 30,000. */
  resumeWindow?: number
  /**
   * What an error frame says. Default: the error's `name` and `message` — the model's own message
   * when a model response failed (the SDK's error only names the terminal state).
   */
  formatError?: (error: unknown) => { name: string; message: string }
  /** Aborted when the run is cancelled (pass the controller whose signal you gave `run`). */
  abortController?: AbortController
  /** Called once when the run ended, however it ended. */
  onFinish?: (outcome: RunOutcome) => void
  /** With a store: called before `run_finished` of an interrupted run (default: `store.saveState`). */
  onInterrupted?: (runId: string, result: StreamedRunResult<any, any>) => Promise<void> | void
}

type EventReader = {
  read(): Promise<{ done: boolean; value?: RunStreamEvent }>
  cancel(reason?: unknown): Promise<void>
}

function readerOf(result: StreamedRunResult<any, any>): EventReader {
  const stream = result.toStream() as unknown as ReadableStream<RunStreamEvent> &
    AsyncIterable<RunStreamEvent>
  if (typeof stream.getReader === 'function') {
    const reader = stream.getReader()
    return {
      read: async () => {
        const { done, value } = await reader.read()
        return done ? { done: true } : { done: false, value }
      },
      cancel: (reason) => reader.cancel(reason),
    }
  }
  const iterator = stream[Symbol.asyncIterator]()
  return {
    read: async () => {
      const { done, value } = await iterator.next()
      return done ? { done: true } : { done: false, value }
    },
    cancel: async () => {
      await iterator.return?.()
    },
  }
}

function cancelUnread(result: StreamedRunResult<any, any>, reason: unknown) {
  try {
    const stream = result.toStream() as unknown as ReadableStream<RunStreamEvent>
    if (typeof stream.cancel === 'function' && !stream.locked) void stream.cancel(reason).catch(() => {})
  } catch {}
}

/** The message of a failed model response (`response.failed` / `error`) inside a raw model event. */
function modelErrorOf(event: RunStreamEvent | undefined): string | undefined {
  if (event?.type !== 'raw_model_stream_event' || event.data.type !== 'model') return undefined
  const raw = (event.data as { event?: unknown }).event as Record<string, any> | undefined
  if (raw?.type === 'response.failed' && typeof raw.response?.error?.message === 'string')
    return raw.response.error.message
  if (raw?.type === 'error' && typeof raw.message === 'string') return raw.message
  return undefined
}

/** The frames of one run: `run_started`, every SDK event, then `run_finished` or `error`. @internal */
export function agentRunProducer(
  result: StreamedRunResult<any, any>,
  options: {
    runId: string
    agentName?: string
    formatError?: (error: unknown) => { name: string; message: string }
    onInterrupted?: () => Promise<void> | void
    onCancel?: (reason: CancelReason) => void
    onFinish?: (outcome: RunOutcome) => void
  },
): Producer {
  const { runId } = options
  let phase: 'start' | 'events' | 'done' = 'start'
  let reader: EventReader | undefined
  let cancelReason: CancelReason | undefined
  // The model's own words when a response failed: the SDK's error only names the terminal state.
  let modelError: string | undefined

  const finish = (outcome: Omit<RunOutcome, 'runId'>, frame: Record<string, unknown>): FramePayload => {
    phase = 'done'
    try {
      options.onFinish?.({ runId, ...outcome })
    } catch {}
    return { data: JSON.stringify(frame) }
  }
  const stopped = () =>
    finish(
      { status: 'stopped', reason: cancelReason ?? 'stop' },
      { type: 'run_finished', status: 'stopped', reason: cancelReason ?? 'stop' },
    )
  const failed = (error: unknown) => {
    let described: { name: string; message: string }
    try {
      described = options.formatError ? options.formatError(error) : describeError(error)
      if (!options.formatError && modelError) described = { ...described, message: modelError }
    } catch {
      described = describeError(error)
    }
    return finish({ status: 'error', error }, { type: 'error', error: described })
  }

  return {
    async next() {
      if (phase === 'done') return null
      if (phase === 'start') {
        phase = 'events'
        const name = options.agentName ?? result.currentAgent?.name ?? result.lastAgent?.name ?? 'Agent'
        return { data: JSON.stringify({ type: 'run_started', runId, agent: { name } }) }
      }
      if (cancelReason) return stopped()
      reader ??= readerOf(result)
      let read: { done: boolean; value?: RunStreamEvent }
      try {
        read = await reader.read()
      } catch (error) {
        if (cancelReason) return stopped()
        return failed(error)
      }
      if (!read.done) {
        modelError = modelErrorOf(read.value) ?? modelError
        try {
          return { data: JSON.stringify(read.value) }
        } catch (error) {
          return failed(error)
        }
      }
      if (cancelReason || result.cancelled) return stopped()
      if (result.error) return failed(result.error)
      if (result.interruptions.length > 0) {
        try {
          await options.onInterrupted?.()
        } catch (error) {
          return failed(error)
        }
        return finish({ status: 'interrupted' }, { type: 'run_finished', status: 'interrupted' })
      }
      return finish({ status: 'done' }, { type: 'run_finished', status: 'done' })
    },
    cancel(reason) {
      if (cancelReason || phase === 'done') return
      cancelReason = reason
      options.onCancel?.(reason)
      if (reader) void reader.cancel(reason).catch(() => {})
      else cancelUnread(result, reason)
    },
  }
}

/** The frames of a run as a source for one response (directly, or through the store). @internal */
export function agentRunSource(
  result: StreamedRunResult<any, any>,
  options: AgentRunToSSEOptions,
): { runId: string; source: ChunkSource } {
  const runId = options.runId ?? createRunId()
  const store = options.store
  const producer = agentRunProducer(result, {
    runId,
    ...(options.agentName !== undefined ? { agentName: options.agentName } : {}),
    ...(options.formatError ? { formatError: options.formatError } : {}),
    ...(options.onFinish ? { onFinish: options.onFinish } : {}),
    onCancel: (reason) => options.abortController?.abort(reason),
    onInterrupted: async () => {
      if (options.onInterrupted) await options.onInterrupted(runId, result)
      else if (store) await store.saveState(runId, result.state.toString())
    },
  })
  if (!store) {
    const source = sequencedSource(
      () => producer.next(),
      (reason) => producer.cancel(reason),
      (seq) => formatEventId(runId, seq),
    )
    return { runId, source }
  }
  startLiveRun(store, runId, producer, {
    onDisconnect: options.onDisconnect ?? 'cancel',
    resumeWindow: options.resumeWindow ?? 30_000,
  })
  return { runId, source: storeSource(store, runId, -1) }
}

/**
 * Turns an `@openai/agents` streamed run into an SSE `Response` (Web standard: Hono, Next.js route
 * handlers, Deno, Bun, Cloudflare). Frames: `run_started` (run id and first agent), every
 * `RunStreamEvent` as `data: <JSON>`, then `run_finished` (`done` / `interrupted`, or `stopped`
 * after a cancel) or an `error` frame — each with `id: <runId>:<seq>`. The body is pull-based:
 * events are read only as fast as the client takes them; a client that goes away cancels the run.
 *
 * @example
 * ```ts
 * import { run } from '@openai/agents'
 * import { agentRunToSSE } from '@agentstream/server'
 *
 * app.post('/api/agent', async (c) => {
 *   const { input } = await c.req.json()
 *   return agentRunToSSE(await run(agent, input, { stream: true }), { signal: c.req.raw.signal })
 * })
 * ```
 */
export function agentRunToSSE(
  result: StreamedRunResult<any, any>,
  options: AgentRunToSSEOptions = {},
): Response {
  const { runId, source } = agentRunSource(result, options)
  return chunkSourceToResponse(source, {
    ...options,
    headers: { 'x-agentstream-run-id': runId, ...options.headers },
  })
}

/**
 * The same as {@link agentRunToSSE} for a Node `http.ServerResponse` or an Express response, with
 * backpressure: when `res.write` returns `false` it waits for `drain`, and drops a client that stops
 * reading after `stallTimeout`. Resolves when the response is over.
 *
 * @example
 * ```ts
 * import { run } from '@openai/agents'
 * import { pipeAgentRunToNodeResponse } from '@agentstream/server'
 *
 * app.post('/api/agent', async (req, res) => {
 *   const result = await run(agent, req.body.input, { stream: true })
 *   await pipeAgentRunToNodeResponse(result, res, { keepAliveInterval: 10_000 })
 * })
 * ```
 */
export async function pipeAgentRunToNodeResponse(
  result: StreamedRunResult<any, any>,
  res: NodeResponseLike,
  options: AgentRunToSSEOptions = {},
): Promise<void> {
  const { runId, source } = agentRunSource(result, options)
  await pipeChunkSourceToNodeResponse(source, res, {
    ...options,
    headers: { 'x-agentstream-run-id': runId, ...options.headers },
  })
}
