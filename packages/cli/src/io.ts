import { stderr as processStderr, stdin as processStdin, stdout as processStdout } from 'node:process'
import pc from 'picocolors'

/**
 * Where the CLI writes: anything with `write`, plus what a terminal reports about itself.
 * `process.stdout` fits; so does a test double that collects the text.
 *
 * @example
 * ```ts
 * let text = ''
 * const stream: CliStream = { write: (chunk) => { text += chunk } }
 * ```
 */
export interface CliStream {
  write(chunk: string): unknown
  /** True for an interactive terminal: colors and the live region are on. */
  isTTY?: boolean
  columns?: number
  rows?: number
}

/**
 * Everything the commands touch outside themselves, so tests (and programs embedding the CLI) can
 * capture output, pretend to be a terminal, set the environment and press Ctrl-C.
 *
 * @example
 * ```ts
 * const chunks: string[] = []
 * const io: CliIo = {
 *   stdout: { write: (chunk) => chunks.push(chunk) },
 *   stderr: { write: (chunk) => chunks.push(chunk) },
 *   env: { NO_COLOR: '1' },
 * }
 * const exitCode = await runReplay(['recording.sse', '--json'], io)
 * ```
 */
export interface CliIo {
  stdout: CliStream
  stderr: CliStream
  /** Environment variables read: `NO_COLOR`, `FORCE_COLOR`, `CI`, `TERM`. */
  env: Readonly<Record<string, string | undefined>>
  /**
   * Aborting it is Ctrl-C: `watch` stops the stream and prints what arrived. Without one, `watch`
   * listens for `SIGINT` itself while it runs.
   */
  signal?: AbortSignal
  /** Read by `replay -`. `process.stdin` by default. */
  stdin?: AsyncIterable<Uint8Array | string>
}

/**
 * The real process: `process.stdout`, `process.stderr`, `process.env`, `process.stdin`.
 *
 * @example
 * ```ts
 * process.exitCode = await runReplay(process.argv.slice(2), processIo())
 * ```
 */
export function processIo(): CliIo {
  return { stdout: processStdout, stderr: processStderr, env: process.env, stdin: processStdin }
}

function flag(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}

/**
 * Whether to color a stream: `--no-color` / `NO_COLOR` turn colors off, `--color` / `FORCE_COLOR`
 * on; otherwise only an interactive terminal (not `TERM=dumb`) gets colors.
 *
 * @example
 * ```ts
 * const color = useColor(io.stdout, io.env) // false when piped
 * ```
 */
export function useColor(
  stream: CliStream,
  env: CliIo['env'],
  override?: { color?: boolean | undefined; noColor?: boolean | undefined },
): boolean {
  if (override?.noColor) return false
  if (override?.color) return true
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (flag(env.FORCE_COLOR)) return true
  return stream.isTTY === true && env.TERM !== 'dumb'
}

/** Whether the environment is a CI run (no live region there). */
export function isCi(env: CliIo['env']): boolean {
  return flag(env.CI)
}

/** The color functions of picocolors. */
export type Colors = ReturnType<typeof pc.createColors>

/** picocolors with colors on or off. */
export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled)
}
