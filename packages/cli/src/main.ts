/**
 * The `agentstream` executable (bin/agentstream.js imports this): runs the command line and sets
 * the exit code. The programmatic API is in ./index.ts.
 *
 * @module
 */
import { run } from './cli'

// `agentstream replay big.sse --json | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(
      `agentstream: unexpected failure: ${error instanceof Error ? error.stack : String(error)}\n`,
    )
    process.exitCode = 1
  },
)
