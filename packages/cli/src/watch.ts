import { parseArgs } from 'node:util'
import {
  type AgentEvent,
  type AgentStream,
  type AgentStreamError,
  createAgentStream,
  isRunning,
  type RunState,
} from '@agentstream/core'
import { summarize } from '@agentstream/core/summary'
import { replayResponse } from '@agentstream/core/testing'
import { checkProtocol, parsing, UsageError, watchUsage } from './args'
import { type CliIo, isCi, processIo, useColor } from './io'
import { type RunView, renderRun, renderStatus } from './live'
import { readBytes, readHeaders, reportFailure } from './replay'

const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const deltaTypes = new Set<string>(['text-delta', 'reasoning-delta', 'refusal-delta', 'tool-call-args-delta'])
/** Default pacing of a FILE: ms between chunks, and at most this many chunks (≈10 s). */
const defaultPace = 8
const defaultMaxChunks = 1250
/** A URL that sends nothing (not even a keep-alive comment) for this long is given up on. */
const defaultTimeout = 120_000

const watchOptions = {
  method: { type: 'string' },
  body: { type: 'string' },
  input: { type: 'string' },
  header: { type: 'string', short: 'H', multiple: true },
  headers: { type: 'string' },
  protocol: { type: 'string' },
  raw: { type: 'boolean' },
  json: { type: 'boolean' },
  pace: { type: 'string' },
  timeout: { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

type Target =
  | {
      kind: 'url'
      url: string
      method: string
      headers: Record<string, string>
      body: string | undefined
      input: string
      timeout: number
    }
  | { kind: 'file'; path: string; bytes: Uint8Array; headers: Headers | undefined; pace: number | undefined }

interface WatchPlan {
  target: Target
  protocol: string
  raw: boolean
  json: boolean
  color: { color?: boolean | undefined; noColor?: boolean | undefined }
}

/**
 * Sizes that cut a body at SSE frame boundaries (a blank line), grouped so that there are at most
 * `maxChunks` chunks.
 *
 * @example
 * ```ts
 * frameChunkSizes(new TextEncoder().encode('data: a\n\ndata: b\n\n'), 10) // [9, 9]
 * ```
 */
export function frameChunkSizes(bytes: Uint8Array, maxChunks = Number.POSITIVE_INFINITY): number[] {
  const ends: number[] = []
  const length = bytes.length
  for (let index = 0; index < length - 1; index++) {
    const byte = bytes[index]
    if (byte === 10 && bytes[index + 1] === 10) {
      ends.push(index + 2)
      index++
    } else if (byte === 10 && bytes[index + 1] === 13 && bytes[index + 2] === 10) {
      ends.push(index + 3)
      index += 2
    } else if (byte === 13 && bytes[index + 1] === 13) {
      ends.push(index + 2)
      index++
    }
  }
  if (ends[ends.length - 1] !== length) ends.push(length)
  const group = Math.max(1, Math.ceil(ends.length / Math.max(1, maxChunks)))
  const sizes: number[] = []
  let start = 0
  for (let index = group - 1; ; index += group) {
    const end = ends[Math.min(index, ends.length - 1)]!
    if (end > start) sizes.push(end - start)
    start = end
    if (index >= ends.length - 1) break
  }
  return sizes.length > 0 ? sizes : [Math.max(1, length)]
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause ?? error
  const code = (cause as { code?: unknown } | null)?.code
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    CERT_HAS_EXPIRED: 'TLS certificate expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  }
  if (typeof code === 'string') return known[code] ? `${known[code]} (${code})` : code
  return cause instanceof Error ? cause.message : String(cause)
}

async function plan(argv: readonly string[], io: CliIo): Promise<WatchPlan | 'help'> {
  const { values, positionals } = parsing('watch', () =>
    parseArgs({ args: [...argv], options: watchOptions, allowPositionals: true, strict: true }),
  )
  if (values.help) return 'help'
  if (positionals.length === 0) throw new UsageError('watch needs a URL or a FILE.', 'watch')
  if (positionals.length > 1)
    throw new UsageError(
      `watch takes one URL or FILE, got ${positionals.length}: ${positionals.join(' ')}`,
      'watch',
    )
  const protocol = checkProtocol(values.protocol, 'watch')
  if (values.raw && values.json) throw new UsageError('--raw and --json cannot be used together.', 'watch')
  const source = positionals[0]!
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(source)?.[1]?.toLowerCase()
  const color = { color: values.color, noColor: values['no-color'] }
  const common = { protocol, raw: values.raw ?? false, json: values.json ?? false, color }

  if (scheme === undefined) {
    for (const name of ['method', 'body', 'input', 'header', 'timeout'] as const)
      if (values[name] !== undefined)
        throw new UsageError(`--${name} applies to a URL; ${source} is read as a recorded FILE.`, 'watch')
    const pace = milliseconds('pace', values.pace)
    const headers = await readHeaders(values.headers, io)
    const bytes = await readBytes(source, io)
    return { ...common, target: { kind: 'file', path: source, bytes, headers, pace } }
  }

  if (scheme !== 'http' && scheme !== 'https')
    throw new UsageError(
      `Cannot watch ${scheme}:// URLs; use http:// or https:// (or a recorded FILE).`,
      'watch',
    )
  if (values.pace !== undefined)
    throw new UsageError('--pace applies to a recorded FILE, not a URL.', 'watch')
  const timeout = milliseconds('timeout', values.timeout) ?? defaultTimeout
  if (values.headers !== undefined)
    throw new UsageError(
      '--headers FILE gives the response headers of a recorded FILE; use --header K:V for request headers.',
      'watch',
    )
  try {
    new URL(source)
  } catch {
    throw new UsageError(`"${source}" is not a valid URL.`, 'watch')
  }
  const headers: Record<string, string> = {}
  for (const header of values.header ?? []) {
    const colon = header.indexOf(':')
    const name = colon > 0 ? header.slice(0, colon).trim() : ''
    if (!name) throw new UsageError(`--header must look like "Name: value", got "${header}".`, 'watch')
    headers[name] = header.slice(colon + 1).trim()
  }
  if (values.body !== undefined) {
    try {
      JSON.parse(values.body)
    } catch (error) {
      throw new UsageError(
        `--body is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
        'watch',
      )
    }
  }
  const method = (
    values.method ?? (values.body !== undefined || values.input !== undefined ? 'POST' : 'GET')
  ).toUpperCase()
  if ((method === 'GET' || method === 'HEAD') && values.body !== undefined)
    throw new UsageError(`A ${method} request cannot carry --body; use --method POST.`, 'watch')
  return {
    ...common,
    target: {
      kind: 'url',
      url: source,
      method,
      headers,
      body: values.body,
      input: values.input ?? '',
      timeout,
    },
  }
}

/** A `--name MS` option's value (0 or more milliseconds), or `undefined` when it was not given. */
function milliseconds(name: 'pace' | 'timeout', value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (value.trim() === '' || !Number.isFinite(number) || number < 0)
    throw new UsageError(`--${name} must be a number of milliseconds (0 or more), got "${value}".`, 'watch')
  return number
}

/** Exit code of a finished run: 0 done / interrupted / incomplete, 1 error, 130 stopped. */
function exitCodeOf(state: RunState): number {
  if (state.status === 'stopped') return 130
  if (state.status === 'error') return 1
  return 0
}

/**
 * `agentstream watch URL|FILE`: streams a live endpoint (or replays a recorded body, paced) and
 * shows it as it arrives — the streaming text with the speaking agent, a tool-call timeline,
 * handoffs, a spinner line with elapsed time and counts, then the final status and typed error.
 * On a terminal the view updates in place (log-update); otherwise (piped, or `CI` set) the final
 * rendering is printed once. `--raw` prints each decoded event as a JSON line, `--json` the run
 * summary. Aborting `io.signal` (or Ctrl-C) stops the stream: status `stopped`, exit 130.
 * Resolves to the exit code: 0 done / interrupted / incomplete, 1 error, 2 wrong arguments or an
 * unreadable FILE. Never throws.
 *
 * @example
 * ```ts
 * import { runWatch } from '@agentstream/cli'
 *
 * const controller = new AbortController()
 * const exitCode = await runWatch(
 *   ['http://127.0.0.1:3000/api/agent', '--input', 'Weather in Oslo?'],
 *   { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal },
 * )
 * ```
 */
export async function runWatch(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let watchPlan: WatchPlan | 'help'
  try {
    watchPlan = await plan(argv, io)
  } catch (error) {
    return reportFailure(error, io, watchUsage)
  }
  if (watchPlan === 'help') {
    io.stdout.write(watchUsage)
    return 0
  }
  try {
    return await watch(watchPlan, io)
  } catch (error) {
    return reportFailure(error, io, undefined)
  }
}

async function watch(options: WatchPlan, io: CliIo): Promise<number> {
  const { target } = options
  const color = useColor(io.stdout, io.env, options.color)
  const live = io.stdout.isTTY === true && !isCi(io.env) && !options.raw
  const source = target.kind === 'url' ? `${target.method} ${target.url}` : target.path

  let events = 0
  let deltas = 0
  const startedAt = Date.now()
  let endedAt: number | undefined
  let connectFailure: string | undefined
  let interrupted = false

  const onEvent = (event: AgentEvent) => {
    events++
    if (deltaTypes.has(event.type)) deltas++
    if (options.raw) io.stdout.write(`${JSON.stringify(event)}\n`)
  }

  let store: AgentStream
  if (target.kind === 'url') {
    const fetchWithCause: typeof fetch = async (input, init) => {
      // Ctrl-C came while the request was being built: abort it now.
      if (interrupted) store.stop()
      try {
        return await fetch(input, init)
      } catch (error) {
        if (init?.signal?.aborted) throw error
        connectFailure = describeCause(error)
        throw new Error(connectFailure)
      }
    }
    store = createAgentStream({
      url: target.url,
      method: target.method,
      headers: target.headers,
      idleTimeout: target.timeout || undefined,
      protocol: options.protocol,
      batch: 16,
      fetch: fetchWithCause,
      onEvent,
      prepareRequest: ({ request }) => {
        const noBody = target.method === 'GET' || target.method === 'HEAD'
        // --body is sent exactly as typed, never merged with the kit's default body.
        const body = target.body !== undefined ? target.body : noBody ? undefined : request.body
        return { ...request, body }
      },
    })
  } else {
    store = createAgentStream({ protocol: options.protocol, batch: 16, onEvent })
  }

  const view = (spinner?: string): RunView => {
    const state = store.getState()
    const error: AgentStreamError | null | undefined =
      connectFailure !== undefined && state.error?.kind === 'network' && target.kind === 'url'
        ? {
            kind: 'network',
            message: `Could not reach ${target.url}: ${connectFailure}. Is the server running?`,
          }
        : undefined
    return {
      state,
      elapsed: (endedAt ?? Date.now()) - startedAt,
      events,
      deltas,
      source,
      ...(spinner !== undefined ? { spinner } : {}),
      ...(error !== undefined ? { error } : {}),
    }
  }

  // log-update and its dependencies take longer to load than replaying a large file: only a live terminal pays.
  const logUpdate = live
    ? (await import('log-update')).createLogUpdate(io.stdout as unknown as NodeJS.WritableStream)
    : undefined
  const viewport = () => ({ columns: io.stdout.columns ?? 80, rows: io.stdout.rows ?? 24 })
  let frame = 0
  let lastDraw = 0
  const draw = () => {
    if (!logUpdate) return
    lastDraw = Date.now()
    logUpdate(renderRun(view(spinnerFrames[frame % spinnerFrames.length]), { color, viewport: viewport() }))
  }
  const unsubscribe = store.subscribe(() => {
    if (Date.now() - lastDraw >= 40) draw()
  })
  const ticker = setInterval(() => {
    frame++
    // Ctrl-C before the request was under way: stop as soon as there is something to stop.
    if (interrupted && isRunning(store.getState().status)) store.stop()
    draw()
  }, 80)

  // Ctrl-C: the caller's signal, or SIGINT while the watch runs (a second one quits at once).
  const ownSignal = io.signal === undefined
  const controller = new AbortController()
  const signal = io.signal ?? controller.signal
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130)
    controller.abort()
  }
  const onAbort = () => {
    interrupted = true
    store.stop()
  }
  if (ownSignal) process.on('SIGINT', onSigint)
  if (signal.aborted) interrupted = true
  else signal.addEventListener('abort', onAbort, { once: true })

  try {
    draw()
    if (target.kind === 'url') await store.send(target.input)
    else {
      const paced = target.pace ?? defaultPace
      const chunkSizes =
        paced === 0
          ? 64 * 1024
          : frameChunkSizes(
              target.bytes,
              target.pace === undefined ? defaultMaxChunks : Number.POSITIVE_INFINITY,
            )
      const response = replayResponse(target.bytes, {
        chunkSizes,
        delay: paced,
        ...(target.headers ? { headers: target.headers } : {}),
      })
      const consuming = store.consume(response)
      if (interrupted) store.stop()
      await consuming
    }
  } finally {
    endedAt = Date.now()
    clearInterval(ticker)
    unsubscribe()
    signal.removeEventListener('abort', onAbort)
    if (ownSignal) process.off('SIGINT', onSigint)
  }
  store.flush()
  const state = store.getState()

  let output: string
  if (options.json) output = `${JSON.stringify(summarize(state), null, 2)}\n`
  else if (options.raw) output = ''
  else output = `${renderRun(view(), { color })}\n`

  if (logUpdate) {
    const rows = viewport().rows
    if (!options.json && output.split('\n').length < rows) logUpdate(output.replace(/\n$/, ''))
    else {
      logUpdate.clear()
      io.stdout.write(output)
    }
    logUpdate.done()
  } else if (output) io.stdout.write(output)
  if (options.raw) {
    const stderrColor = useColor(io.stderr, io.env, options.color)
    io.stderr.write(`${renderStatus(view(), { color: stderrColor })}\n`)
  }
  store.destroy()
  return exitCodeOf(state)
}
