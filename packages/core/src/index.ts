export type { StreamDecoder, StreamDecoderOptions } from './decode'
export { createStreamDecoder } from './decode'
export type {
  AgentEvent,
  AgentEventType,
  AgentStreamError,
  AgentStreamErrorKind,
  AgentUpdateEvent,
  DataPartEvent,
  FrameSkippedEvent,
  HandoffEvent,
  JsonPatchOperation,
  MessageEndEvent,
  MessageStartEvent,
  MetadataEvent,
  ProtocolName,
  ReasoningDeltaEvent,
  ReasoningEndEvent,
  ReasoningStartEvent,
  RefusalDeltaEvent,
  RunErrorEvent,
  RunFinishEvent,
  RunStartEvent,
  StatePatchEvent,
  StateSnapshotEvent,
  StepEndEvent,
  StepStartEvent,
  TextDeltaEvent,
  ToolApprovalRequestEvent,
  ToolCallArgsDeltaEvent,
  ToolCallDeniedEvent,
  ToolCallEndEvent,
  ToolCallErrorEvent,
  ToolCallResultEvent,
  ToolCallStartEvent,
  UnknownEvent,
  UsageEvent,
} from './events'
export type {
  Emit,
  HeadersLike,
  ProtocolDecoder,
  ProtocolDefinition,
  ProtocolDetector,
  SseMessage,
} from './protocols/index'
export {
  createAgUiDecoder,
  createAiSdkDecoder,
  createOpenAIAgentsDecoder,
  createOpenAIChatDecoder,
  createOpenAIResponsesDecoder,
  createTextDecoder,
  detectProtocol,
  getProtocol,
  registerProtocol,
} from './protocols/index'
export type {
  ApprovalResponseEvent,
  ClientEvent,
  RequestEndEvent,
  RequestOpenEvent,
  RequestReconnectEvent,
  RequestStartEvent,
  RequestStopEvent,
  RunEvent,
  UserMessageEvent,
} from './reduce'
export { reduce } from './reduce'
export type { DecodeBodyOptions } from './replay'
export { decodeBody } from './replay'
export type { ApprovalDecision, RequestContext } from './requests'
export { buildRequestBody, protocolResumesApprovals } from './requests'
export type { SseFramerCallbacks } from './sse'
export { createSseFramer } from './sse'
export type {
  DataPart,
  Handoff,
  HandoffPart,
  Message,
  MessagePart,
  PendingApproval,
  ReasoningPart,
  RefusalPart,
  RunState,
  RunStatus,
  TextPart,
  ToolCall,
  ToolCallPart,
  ToolCallStatus,
} from './state'
export { initialRunState, isRunning, messageText, selectMessages } from './state'
export type { AgentStream, AgentStreamOptions, BatchMode, SendOptions, StateListener } from './store'
export { createAgentStream } from './store'
export type {
  ReconnectOptions,
  StreamOutcome,
  StreamRequest,
  StreamSseOptions,
  StreamTransport,
  StreamTransportOptions,
} from './transport'
export { streamSse } from './transport'
// Separate entries keep what a browser app rarely needs out of its bundle: the WebSocket transport
// (`@agentstream/core/websocket`), the run summary (`@agentstream/core/summary`) and the testing
// utilities (`@agentstream/core/testing`).
export { applyJsonPatch } from './utils/json-patch'
export { parsePartialJson } from './utils/partial-json'
export type { SafeJsonResult } from './utils/safe-json'
export { safeJsonParse } from './utils/safe-json'
