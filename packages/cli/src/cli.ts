import packageJson from '../package.json' with { type: 'json' }
import { mainUsage, replayUsage, watchUsage } from './args'
import { type CliIo, processIo } from './io'
import { runReplay } from './replay'
import { runWatch } from './watch'

/**
 * The CLI's version (from its package.json).
 *
 * @example
 * ```ts
 * console.log(version) // '0.1.0'
 * ```
 */
export const version: string = packageJson.version

/**
 * The whole `agentstream` command line: `replay`, `watch`, `help [command]`, `--help`,
 * `--version`. Resolves to the exit code (2 for an unknown command, with the usage on stderr).
 * Never throws.
 *
 * @example
 * ```ts
 * import { run } from '@agentstream/cli'
 *
 * process.exitCode = await run(process.argv.slice(2))
 * ```
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'replay':
      return runReplay(rest, io)
    case 'watch':
      return runWatch(rest, io)
    case 'help':
    case '--help':
    case '-h': {
      const topic = rest[0]
      if (topic === undefined || command !== 'help') {
        io.stdout.write(mainUsage)
        return 0
      }
      if (topic === 'replay') io.stdout.write(replayUsage)
      else if (topic === 'watch') io.stdout.write(watchUsage)
      else {
        io.stderr.write(`agentstream: no help for "${topic}": there is no such command.\n\n${mainUsage}`)
        return 2
      }
      return 0
    }
    case '--version':
    case '-v':
    case 'version':
      io.stdout.write(`${version}\n`)
      return 0
    case undefined:
      io.stderr.write(`agentstream: missing command.\n\n${mainUsage}`)
      return 2
    default:
      io.stderr.write(
        `agentstream: unknown ${command.startsWith('-') ? 'option' : 'command'} "${command}".\n\n${mainUsage}`,
      )
      return 2
  }
}
