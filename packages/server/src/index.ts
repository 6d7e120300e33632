/**
 * `@agentstream/server`: turn an `@openai/agents` run, an OpenAI Responses stream or a Chat
 * Completions stream into a resumable SSE response (Web `Response` or Node `ServerResponse`).
 *
 * @module
 */
export type { AgentRunToSSEOptions, RunOutcome } from './agent-run'
export { agentRunToSSE, pipeAgentRunToNodeResponse } from './agent-run'
export type {
  AgentHandler,
  AgentHandlerOptions,
  AgentRequest,
  AgentRequestBody,
  AgentRunOptions,
  AgentSdk,
  ApprovalDecisionBody,
  NodeRequestLike,
} from './handler'
export { createAgentHandler } from './handler'
export type { CancelReason, DisconnectPolicy } from './live'
export { stopRun } from './live'
export type { OpenAIStreamLike, PassThroughOptions } from './openai-streams'
export {
  chatStreamToSSE,
  pipeChatStreamToNodeResponse,
  pipeResponsesStreamToNodeResponse,
  responsesStreamToSSE,
} from './openai-streams'
export type { ResumeProblem, ResumeTarget } from './resume'
export { pipeResumeToNodeResponse, resumeSSE, resumeTargetOf } from './resume'
export type { ChunkSource, DisconnectReason, NodeResponseLike, StreamOptions } from './sinks'
export { chunkSourceToResponse, chunkSourceToStream, pipeChunkSourceToNodeResponse } from './sinks'
export type { FramePayload, StoredFrame } from './sse'
export {
  createRunId,
  describeError,
  encodeFrame,
  formatEventId,
  PING,
  parseEventId,
  SSE_HEADERS,
} from './sse'
export type { EventStore, MemoryEventStoreOptions, ReadOptions, RetentionOptions, RunLogInfo } from './store'
export { createMemoryEventStore, DEFAULT_RETENTION, EventStoreError } from './store'
