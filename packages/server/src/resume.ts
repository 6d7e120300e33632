import { storeSource } from './live'
import {
  type ChunkSource,
  chunkSourceToResponse,
  type NodeResponseLike,
  pipeChunkSourceToNodeResponse,
  type StreamOptions,
} from './sinks'
import { parseEventId } from './sse'
import type { EventStore } from './store'

/**
 * Where a reconnecting client wants to continue: a run and the last frame it saw (`-1`: from the start).
 *
 * @example
 * ```ts
 * const target: ResumeTarget = { runId: 'run_1', afterSeq: 12 }
 * ```
 */
export interface ResumeTarget {
  runId: string
  afterSeq: number
}

/**
 * Reads a resume target from a request: the `Last-Event-ID` header (`<runId>:<seq>`), or the query
 * `?runId=…&lastEventId=…` (`lastEventId` as a full id or a bare seq; `runId` alone replays from
 * the start). `undefined` when the request is not a resume.
 *
 * @example
 * ```ts
 * resumeTargetOf(request.headers, new URL(request.url)) // { runId: 'run_1', afterSeq: 12 }
 * ```
 */
export function resumeTargetOf(
  headers: { get(name: string): string | null },
  url: URL | undefined,
): ResumeTarget | undefined {
  const fromHeader = parseEventId(headers.get('last-event-id'))
  if (fromHeader) return { runId: fromHeader.runId, afterSeq: fromHeader.seq }
  const query = url?.searchParams
  const lastEventId = query?.get('lastEventId') ?? undefined
  const runId = query?.get('runId') ?? undefined
  const fromQuery = parseEventId(lastEventId)
  if (fromQuery) return { runId: fromQuery.runId, afterSeq: fromQuery.seq }
  if (runId && lastEventId !== undefined && /^-?\d+$/.test(lastEventId))
    return { runId, afterSeq: Math.max(-1, Number(lastEventId)) }
  if (runId && lastEventId === undefined) return { runId, afterSeq: -1 }
  return undefined
}

/**
 * A resume that cannot be served, as an HTTP status and JSON body.
 *
 * @example
 * ```ts
 * const problem: ResumeProblem = { status: 404, body: { error: { name: 'UnknownRunError', message: 'No run run_1.' } } }
 * ```
 */
export interface ResumeProblem {
  status: number
  body: { error: { name: string; message: string } }
}

/**
 * Checks a resume target against the store: the source that replays it, or why it cannot.
 *
 * @internal
 */
export async function openResume(
  store: EventStore,
  target: ResumeTarget,
): Promise<{ source: ChunkSource } | { problem: ResumeProblem }> {
  const info = await store.info(target.runId)
  if (!info) {
    return {
      problem: {
        status: 404,
        body: {
          error: {
            name: 'UnknownRunError',
            message: `No events are kept for run ${target.runId}: it never existed here or it expired.`,
          },
        },
      },
    }
  }
  if (info.lastSeq > target.afterSeq && info.firstSeq > target.afterSeq + 1) {
    return {
      problem: {
        status: 410,
        body: {
          error: {
            name: 'EventsExpiredError',
            message: `Events ${target.afterSeq + 1}–${info.firstSeq - 1} of run ${target.runId} are no longer kept.`,
          },
        },
      },
    }
  }
  return { source: storeSource(store, target.runId, target.afterSeq) }
}

function jsonResponse(problem: ResumeProblem): Response {
  return new Response(JSON.stringify(problem.body), {
    status: problem.status,
    headers: { 'content-type': 'application/json' },
  })
}

/**
 * Answers a reconnect from the event store: replays the frames after the request's
 * `Last-Event-ID` (or `?runId=…&lastEventId=…`) and follows the run live until it ends. 404 when the
 * run is unknown, 410 when the frames it needs expired, 400 when the request names no run.
 *
 * @example
 * ```ts
 * app.post('/api/chat', async (c) => {
 *   if (c.req.header('last-event-id')) return resumeSSE(c.req.raw, { store })
 *   const stream = await client.chat.completions.create({ model, messages, stream: true })
 *   return chatStreamToSSE(stream, { store })
 * })
 * ```
 */
export async function resumeSSE(
  request: Request,
  options: StreamOptions & { store: EventStore },
): Promise<Response> {
  const target = resumeTargetOf(request.headers, new URL(request.url))
  if (!target)
    return jsonResponse({
      status: 400,
      body: {
        error: { name: 'BadRequest', message: 'Send Last-Event-ID or ?runId=…&lastEventId=… to resume.' },
      },
    })
  const opened = await openResume(options.store, target)
  if ('problem' in opened) return jsonResponse(opened.problem)
  return chunkSourceToResponse(opened.source, {
    signal: request.signal,
    ...options,
    headers: { 'x-agentstream-run-id': target.runId, ...options.headers },
  })
}

/**
 * {@link resumeSSE} for Node: reads `Last-Event-ID` (or the query) from `req` and writes to `res`.
 *
 * @example
 * ```ts
 * app.get('/api/agent', (req, res) => pipeResumeToNodeResponse(req, res, { store }))
 * ```
 */
export async function pipeResumeToNodeResponse(
  req: { url?: string; headers: Record<string, string | string[] | undefined> },
  res: NodeResponseLike,
  options: StreamOptions & { store: EventStore },
): Promise<void> {
  const headers = {
    get: (name: string) => {
      const value = req.headers[name.toLowerCase()]
      return Array.isArray(value) ? (value[0] ?? null) : (value ?? null)
    },
  }
  const target = resumeTargetOf(headers, new URL(req.url ?? '/', 'http://localhost'))
  const problem: ResumeProblem | undefined = target
    ? undefined
    : {
        status: 400,
        body: {
          error: { name: 'BadRequest', message: 'Send Last-Event-ID or ?runId=…&lastEventId=… to resume.' },
        },
      }
  const opened = target ? await openResume(options.store, target) : { problem: problem! }
  if ('problem' in opened) {
    res.writeHead(opened.problem.status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(opened.problem.body))
    return
  }
  await pipeChunkSourceToNodeResponse(opened.source, res, {
    ...options,
    headers: { 'x-agentstream-run-id': target!.runId, ...options.headers },
  })
}
