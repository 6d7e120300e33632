import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { decodeBody } from '@agentstream/core'
import { type RunSummary, summarize } from '@agentstream/core/summary'
import { checkProtocol, parsing, replayUsage, UsageError } from './args'
import { type CliIo, processIo, useColor } from './io'
import { renderSummary } from './render'

/**
 * A failure the CLI reports as one clear line on stderr, with an exit code.
 *
 * @example
 * ```ts
 * throw new CliError('Cannot read run.sse: no such file.', 2)
 * ```
 */
export class CliError extends Error {
  override readonly name = 'CliError'
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message)
  }
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string } | null)?.code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'it is a directory'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  return error instanceof Error ? error.message : String(error)
}

/** Reads a file (or stdin for `-`) as bytes. */
export async function readBytes(path: string, io: CliIo): Promise<Uint8Array> {
  try {
    if (path === '-') {
      const chunks: Uint8Array[] = []
      const encoder = new TextEncoder()
      for await (const chunk of io.stdin ?? process.stdin)
        chunks.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
      return Buffer.concat(chunks)
    }
    return await readFile(path)
  } catch (error) {
    throw new CliError(`Cannot read ${path === '-' ? 'stdin' : path}: ${describeFsError(error)}.`)
  }
}

/** Reads a `--headers` file: a flat JSON object of response headers. */
export async function readHeaders(path: string | undefined, io: CliIo): Promise<Headers | undefined> {
  if (path === undefined) return undefined
  const bytes = await readBytes(path, io)
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder().decode(bytes))
  } catch (error) {
    throw new CliError(
      `--headers ${path} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
    )
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new CliError(
      `--headers ${path} must be a JSON object of response headers, like {"content-type": "…"}.`,
    )
  const headers = new Headers()
  for (const [key, header] of Object.entries(value)) {
    if (header === null || header === undefined) continue
    try {
      headers.append(key, typeof header === 'string' ? header : JSON.stringify(header))
    } catch {
      throw new CliError(`--headers ${path}: "${key}" is not a valid header name or value.`)
    }
  }
  return headers
}

/**
 * Decodes a recorded body with one {@link decodeBody} call and summarizes it.
 *
 * @example
 * ```ts
 * const summary = await replayFile('run.sse', { protocol: 'auto' })
 * ```
 */
export async function replayFile(
  path: string,
  options: { protocol?: string; headersFile?: string } = {},
  io: CliIo = processIo(),
): Promise<RunSummary> {
  const headers = await readHeaders(options.headersFile, io)
  const bytes = await readBytes(path, io)
  let summary: RunSummary
  try {
    summary = summarize(
      decodeBody(bytes, { protocol: options.protocol ?? 'auto', ...(headers ? { headers } : {}) }),
    )
  } catch (error) {
    throw new CliError(
      `Could not decode ${path}: ${error instanceof Error ? error.message : String(error)}. This is a bug in agentstream; please report it with the file.`,
      1,
    )
  }
  return summary
}

/** Prints a usage or CLI error on stderr and returns the exit code. */
export function reportFailure(error: unknown, io: CliIo, usage: string | undefined): number {
  if (error instanceof UsageError) {
    io.stderr.write(`agentstream: ${error.message}\n\n${usage ?? ''}`)
    return 2
  }
  if (error instanceof CliError) {
    io.stderr.write(`agentstream: ${error.message}\n`)
    return error.exitCode
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
  io.stderr.write(`agentstream: unexpected failure: ${message}\n`)
  return 1
}

const replayOptions = {
  json: { type: 'boolean' },
  protocol: { type: 'string' },
  headers: { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/**
 * `agentstream replay FILE [--json] [--protocol P] [--headers FILE]`: reads a recorded SSE body
 * and prints its run summary — with `--json`, exactly `JSON.stringify(summary, null, 2)` and
 * nothing else. Resolves to the exit code: 0 whenever the file was read (whatever the stream's
 * status), 2 when it could not be read or the arguments are wrong. Never throws.
 *
 * @example
 * ```ts
 * import { runReplay } from '@agentstream/cli'
 *
 * let out = ''
 * const exitCode = await runReplay(['run.sse', '--json'], {
 *   stdout: { write: (chunk) => { out += chunk } },
 *   stderr: process.stderr,
 *   env: {},
 * })
 * const summary = JSON.parse(out)
 * ```
 */
export async function runReplay(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const { values, positionals } = parsing('replay', () =>
      parseArgs({ args: [...argv], options: replayOptions, allowPositionals: true, strict: true }),
    )
    if (values.help) {
      io.stdout.write(replayUsage)
      return 0
    }
    if (positionals.length === 0) throw new UsageError('replay needs a FILE to read.', 'replay')
    if (positionals.length > 1)
      throw new UsageError(
        `replay reads one FILE, got ${positionals.length}: ${positionals.join(' ')}`,
        'replay',
      )
    const protocol = checkProtocol(values.protocol, 'replay')
    const summary = await replayFile(
      positionals[0]!,
      { protocol, ...(values.headers !== undefined ? { headersFile: values.headers } : {}) },
      io,
    )
    if (values.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
    else {
      const color = useColor(io.stdout, io.env, { color: values.color, noColor: values['no-color'] })
      io.stdout.write(`${renderSummary(summary, { color })}\n`)
    }
    return 0
  } catch (error) {
    return reportFailure(error, io, replayUsage)
  }
}
