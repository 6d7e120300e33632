/**
 * `@agentstream/cli`: the `agentstream` command (`replay`, `watch`) and its programmatic pieces,
 * which take a {@link CliIo} so output can be captured.
 *
 * @module
 */

export { UsageError } from './args'
export { run, version } from './cli'
export type { CliIo, CliStream } from './io'
export { processIo, useColor } from './io'
export type { RenderRunOptions, RunView } from './live'
export { renderRun, renderStatus } from './live'
export type { RenderOptions } from './render'
export { renderSummary } from './render'
export { CliError, replayFile, runReplay } from './replay'
export { frameChunkSizes, runWatch } from './watch'
