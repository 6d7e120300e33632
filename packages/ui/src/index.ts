/**
 * Drop-in, composable, accessible React components for agent streams: a chat, a tool-call timeline,
 * handoffs and streaming markdown, over `@agentstream/react`'s fine-grained hooks. Unstyled parts
 * (`data-*` attributes) plus an optional stylesheet, `@agentstream/ui/styles.css`.
 *
 * @module
 */
export type {
  ActivityKind,
  ChatButtonProps,
  ChatMessagesProps,
  ChatRootProps,
  ComposerProps,
  EmptyStateProps,
  ErrorNoticeProps,
  IncompleteNoticeProps,
  StatusProps,
} from './chat'
export { Chat, selectActivity } from './chat'
export type {
  ChatComponents,
  ChatContextValue,
  DataPartProps,
  HandoffDividerProps,
  MessageRendererProps,
  ReasoningProps,
  RefusalProps,
  ToolCallRendererProps,
  ToolRenderers,
} from './context'
export { useChatContext } from './context'
export type { AgentBadgeProps, HandoffTrailProps } from './handoffs'
export { AgentBadge, agentHue, HandoffDivider, HandoffTrail } from './handoffs'
export type { MarkdownProps } from './markdown'
export { Markdown, safeUrl, splitMarkdownBlocks } from './markdown'
export type { ChatMessageProps, MessagePartsProps } from './message'
export { MessageParts, Reasoning, Refusal } from './message'
export type { ToolCallApprovalProps, ToolCallItemProps, ToolCallTimelineRootProps } from './tool-calls'
export { formatDuration, formatValue, ToolCallTimeline } from './tool-calls'
