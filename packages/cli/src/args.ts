import { getProtocol } from '@agentstream/core'

/**
 * A wrong command line: the CLI prints the message and the command's usage on stderr, exit 2.
 *
 * @example
 * ```ts
 * throw new UsageError('replay needs a FILE', 'replay')
 * ```
 */
export class UsageError extends Error {
  override readonly name = 'UsageError'
  constructor(
    message: string,
    /** The command whose usage to print, if any. */
    readonly command?: 'replay' | 'watch',
  ) {
    super(message)
  }
}

/** The protocols the CLI accepts for `--protocol`, besides `auto` and custom registered ones. */
export const protocolNames = [
  'openai-agents',
  'openai-responses',
  'openai-chat',
  'ai-sdk',
  'ag-ui',
  'text',
] as const

export const mainUsage = `agentstream — watch agent SSE streams live, or replay recorded ones.

Usage
  agentstream replay FILE [--json] [--protocol P] [--headers FILE]
  agentstream watch URL|FILE [--method M] [--body JSON] [--header K:V]... [--raw] [--json] [--pace MS]
  agentstream help [replay|watch]
  agentstream --version

Commands
  replay   Print the run summary of a recorded SSE body (the exact bytes a server sent)
  watch    Show a stream live as it arrives: text, tool calls, handoffs, status

Protocols (detected by default): ${protocolNames.join(', ')}

Run \`agentstream help <command>\` for a command's options.
`

export const replayUsage = `agentstream replay — print the run summary of a recorded SSE body.

Usage
  agentstream replay FILE [--json] [--protocol P] [--headers FILE]

  FILE             A recorded response body (\`-\` reads stdin)

Options
  --json           Print the run summary as JSON (the stable contract) and nothing else
  --protocol P     Force a protocol instead of detecting it: ${protocolNames.join(', ')}
  --headers FILE   A JSON object of response headers (helps detection, e.g. the AI SDK header)
  --color, --no-color
                   Force colors on or off (default: on for a terminal, off when NO_COLOR is set)
  -h, --help       Show this help

Exit code 0 whenever FILE was read, whatever the stream's status; 2 when it could not be read or
the arguments are wrong.

Examples
  agentstream replay run.sse
  agentstream replay run.sse --json | jq .status
`

export const watchUsage = `agentstream watch — show an agent stream live: text, tool calls, handoffs, status.

Usage
  agentstream watch URL  [--method M] [--body JSON] [--input TEXT] [--header K:V]... [options]
  agentstream watch FILE [--pace MS] [--headers FILE] [options]

  URL              An http(s) endpoint that answers with an SSE stream
  FILE             A recorded body, replayed as if a server were sending it

Request options (URL)
  --method M       HTTP method (default: POST with --body or --input, GET otherwise)
  --body JSON      The request body, sent as is
  --input TEXT     Send TEXT as the user's message in the kit's default request body
  -H, --header K:V A request header (repeatable), e.g. -H 'authorization: Bearer …'
  --timeout MS     Give up when nothing arrives for MS milliseconds (default 120000; 0: never)

Replay options (FILE)
  --pace MS        Milliseconds between chunks (default 8, at most ~10 s in all; 0: as fast as possible)
  --headers FILE   A JSON object of response headers

Options
  --protocol P     Force a protocol instead of detecting it: ${protocolNames.join(', ')}
  --raw            Print every decoded event as one JSON line (the status goes to stderr)
  --json           Print the run summary as JSON at the end instead of the rendering
  --color, --no-color
                   Force colors on or off
  -h, --help       Show this help

Ctrl-C stops the stream and prints what arrived (status \`stopped\`, exit 130).
Exit code 0 for done, interrupted or incomplete; 1 for an error; 2 for wrong arguments.

Examples
  agentstream watch http://localhost:3000/api/agent --input 'Weather in Oslo?'
  agentstream watch http://localhost:3000/api/chat --body '{"messages":[]}' -H 'x-api-key: secret'
  agentstream watch recording.sse --pace 20
`

/**
 * Runs `parseArgs` (strict), turning its errors into {@link UsageError}s.
 *
 * @example
 * ```ts
 * const { values } = parsing('replay', () => parseArgs({ args, options, allowPositionals: true, strict: true }))
 * ```
 */
export function parsing<T>(command: 'replay' | 'watch', parseArguments: () => T): T {
  try {
    return parseArguments()
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), command)
  }
}

/** Checks a `--protocol` value. */
export function checkProtocol(protocol: string | undefined, command: 'replay' | 'watch'): string {
  if (protocol === undefined || protocol === 'auto') return 'auto'
  if (getProtocol(protocol)) return protocol
  throw new UsageError(
    `Unknown protocol "${protocol}". Use one of: auto, ${protocolNames.join(', ')}.`,
    command,
  )
}
