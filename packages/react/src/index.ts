/**
 * React hooks over `@agentstream/core`: {@link useAgentStream} for a whole conversation, and
 * fine-grained hooks ({@link useMessage}, {@link useMessageIds}, {@link useToolCalls}, …) over the same
 * store for components that must not re-render on every token.
 *
 * @module
 */
export type { AgentStreamProviderProps } from './context'
export { AgentStreamProvider, useAgentStreamContext } from './context'
export {
  useApprovals,
  useCurrentAgent,
  useHandoffs,
  useMessage,
  useMessageIds,
  useMessages,
  useRunError,
  useRunStatus,
  useToolCall,
  useToolCalls,
} from './hooks'
export { selectMessage, selectMessageIds, selectToolCalls, shallowArrayEqual } from './selectors'
export type {
  DeepPartial,
  InferSchema,
  StandardSchemaLike,
  ToolDefinitions,
  ToolsFromSchemas,
  TypedToolCall,
} from './tools'
export { useAgentSelector } from './use-agent-selector'
export type { UseAgentStreamOptions, UseAgentStreamResult } from './use-agent-stream'
export { isAgentStream, useAgentStream, useAgentStreamStore } from './use-agent-stream'
