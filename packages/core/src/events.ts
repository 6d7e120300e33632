/**
 * The normalized event model: every protocol decoder turns wire frames into these events and the
 * reducer turns these events into a {@link RunState}. Names follow `<noun>-<action>`.
 *
 * @module
 */

/**
 * The wire protocols the kit understands out of the box.
 *
 * @example
 * ```ts
 * const protocol: ProtocolName = 'ai-sdk'
 * ```
 */
export type ProtocolName = 'openai-agents' | 'openai-responses' | 'openai-chat' | 'ai-sdk' | 'ag-ui' | 'text'

/**
 * What went wrong, as a machine-readable kind:
 * - `http`: the server answered with a non-2xx status (`status` and `body` are set).
 * - `network`: the connection could not be made or was cut and could not be resumed.
 * - `truncated`: the stream ended before its protocol's terminal event.
 * - `server`: the stream itself carried an error (an error frame, `response.failed`, `RUN_ERROR`…).
 * - `timeout`: nothing arrived within the idle timeout.
 * - `unsupported`: the protocol could not be detected or the decoder is unknown.
 * - `client`: a user-supplied callback (such as `prepareRequest`) threw.
 *
 * @example
 * ```ts
 * if (state.error?.kind === 'http' && state.error.status === 401) signIn()
 * ```
 */
export type AgentStreamErrorKind =
  | 'http'
  | 'network'
  | 'truncated'
  | 'server'
  | 'timeout'
  | 'unsupported'
  | 'client'

/**
 * A typed, serializable error as it is kept in the run state.
 *
 * @example
 * ```ts
 * const error: AgentStreamError = { kind: 'server', message: 'Rate limit reached', code: 'rate_limit' }
 * ```
 */
export interface AgentStreamError {
  kind: AgentStreamErrorKind
  /** A clear sentence for a person: the server's own message where there is one. */
  message: string
  /** HTTP status for `kind: 'http'`. */
  status?: number
  /** The response body's text for `kind: 'http'` (cut to 4 KB). */
  body?: string
  /** A protocol error code or name where the wire carries one. */
  code?: string
}

/**
 * One RFC 6902 JSON Patch operation.
 *
 * @example
 * ```ts
 * const op: JsonPatchOperation = { op: 'replace', path: '/count', value: 2 }
 * ```
 */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string }

/** The run started (a new request was answered). */
export interface RunStartEvent {
  type: 'run-start'
  runId?: string
  threadId?: string
}

/**
 * The run reached its protocol's end. `outcome` says how: `done` (success), `interrupted` (waiting for
 * a human approval), `incomplete` (the server cut the answer short, e.g. a length limit) or
 * `stopped` (someone asked the server to stop the run).
 */
export interface RunFinishEvent {
  type: 'run-finish'
  outcome: 'done' | 'interrupted' | 'incomplete' | 'stopped'
  reason?: string
}

/** The run failed; what already arrived stays. */
export interface RunErrorEvent {
  type: 'run-error'
  error: AgentStreamError
}

/** The speaking agent is now `agent` (first announcement or switch). */
export interface AgentUpdateEvent {
  type: 'agent-update'
  agent: string
}

/** A text block begins. `messageId` identifies the block (an item, part or message id on the wire). */
export interface MessageStartEvent {
  type: 'message-start'
  messageId: string
  /**
   * The speaking agent where the protocol names one; `null` when the protocol says this block has
   * no named speaker (it is then not attributed to the current agent).
   */
  agent?: string | null
}

/** Text for the block `messageId`. */
export interface TextDeltaEvent {
  type: 'text-delta'
  messageId: string
  delta: string
}

/** The text block `messageId` is complete. */
export interface MessageEndEvent {
  type: 'message-end'
  messageId: string
}

/** A reasoning block begins. */
export interface ReasoningStartEvent {
  type: 'reasoning-start'
  reasoningId: string
}

/** Reasoning text for the block `reasoningId`. */
export interface ReasoningDeltaEvent {
  type: 'reasoning-delta'
  reasoningId: string
  delta: string
}

/** The reasoning block `reasoningId` is complete. */
export interface ReasoningEndEvent {
  type: 'reasoning-end'
  reasoningId: string
}

/** The model refuses; `refusalId` identifies the refusal block. */
export interface RefusalDeltaEvent {
  type: 'refusal-delta'
  refusalId: string
  delta: string
}

/** A tool call begins; its arguments may stream next. */
export interface ToolCallStartEvent {
  type: 'tool-call-start'
  callId: string
  name: string
  /** The calling agent; `null` when the protocol does not attribute calls to agents. */
  agent?: string | null
  /** Epoch ms when this happened; the store stamps it when the decoder did not. */
  at?: number
}

/** A fragment of the tool call's JSON arguments. */
export interface ToolCallArgsDeltaEvent {
  type: 'tool-call-args-delta'
  callId: string
  delta: string
}

/**
 * The tool call's arguments are complete. `args` is the authoritative parsed value where the wire
 * carries one (it may differ from the concatenated deltas); otherwise the deltas are parsed.
 */
export interface ToolCallEndEvent {
  type: 'tool-call-end'
  callId: string
  name?: string
  args?: unknown
  /** The complete JSON text of the arguments when the wire carries it whole. */
  argsText?: string
  agent?: string
  /** Epoch ms when this happened; the store stamps it when the decoder did not. */
  at?: number
}

/** The tool's output. `preliminary` outputs are replaced by later ones. */
export interface ToolCallResultEvent {
  type: 'tool-call-result'
  callId: string
  output: unknown
  preliminary?: boolean
  /** Set when the wire says the call was not approved. */
  denied?: boolean
  /** Epoch ms when this happened; the store stamps it when the decoder did not. */
  at?: number
}

/** The tool failed (where the protocol marks failures). */
export interface ToolCallErrorEvent {
  type: 'tool-call-error'
  callId: string
  error: string
  /** Epoch ms when this happened; the store stamps it when the decoder did not. */
  at?: number
}

/** A human denied the tool call. */
export interface ToolCallDeniedEvent {
  type: 'tool-call-denied'
  callId: string
  reason?: string
  /** Epoch ms when this happened; the store stamps it when the decoder did not. */
  at?: number
}

/** The tool call waits for a human approval. */
export interface ToolApprovalRequestEvent {
  type: 'tool-approval-request'
  callId: string
  /** The protocol's own approval id where it has one (AI SDK `approvalId`, AG-UI interrupt id). */
  approvalId?: string
  name?: string
  args?: unknown
  message?: string
}

/** One agent handed the conversation to another. */
export interface HandoffEvent {
  type: 'handoff'
  from: string | null
  to: string
}

/** Shared state replaced as a whole (AG-UI `STATE_SNAPSHOT`). */
export interface StateSnapshotEvent {
  type: 'state-snapshot'
  snapshot: unknown
}

/** Shared state changed by an RFC 6902 patch (AG-UI `STATE_DELTA`). */
export interface StatePatchEvent {
  type: 'state-patch'
  patch: readonly JsonPatchOperation[]
}

/** An application data part (AI SDK `data-*`); same `dataType` + `id` replaces the earlier part. */
export interface DataPartEvent {
  type: 'data-part'
  dataType: string
  id?: string
  data: unknown
  transient?: boolean
}

/** Message metadata, merged into what arrived before. */
export interface MetadataEvent {
  type: 'metadata'
  metadata: Record<string, unknown>
}

/** Token usage as the wire reports it (replaces the previous value). */
export interface UsageEvent {
  type: 'usage'
  usage: unknown
}

/** A step (model call, graph node) begins. */
export interface StepStartEvent {
  type: 'step-start'
  name?: string
}

/** A step ends. */
export interface StepEndEvent {
  type: 'step-end'
  name?: string
}

/** A frame could not be decoded (not valid JSON) and was skipped. */
export interface FrameSkippedEvent {
  type: 'frame-skipped'
  reason: string
  data: string
}

/** A well-formed frame the kit does not understand; kept for inspectors, ignored by the state. */
export interface UnknownEvent {
  type: 'unknown'
  name: string
  raw: unknown
}

/**
 * Every event the decoders emit and the reducer understands.
 *
 * @example
 * ```ts
 * const event: AgentEvent = { type: 'text-delta', messageId: 'msg_1', delta: 'Hello' }
 * ```
 */
export type AgentEvent =
  | RunStartEvent
  | RunFinishEvent
  | RunErrorEvent
  | AgentUpdateEvent
  | MessageStartEvent
  | TextDeltaEvent
  | MessageEndEvent
  | ReasoningStartEvent
  | ReasoningDeltaEvent
  | ReasoningEndEvent
  | RefusalDeltaEvent
  | ToolCallStartEvent
  | ToolCallArgsDeltaEvent
  | ToolCallEndEvent
  | ToolCallResultEvent
  | ToolCallErrorEvent
  | ToolCallDeniedEvent
  | ToolApprovalRequestEvent
  | HandoffEvent
  | StateSnapshotEvent
  | StatePatchEvent
  | DataPartEvent
  | MetadataEvent
  | UsageEvent
  | StepStartEvent
  | StepEndEvent
  | FrameSkippedEvent
  | UnknownEvent

/**
 * The type names of {@link AgentEvent}.
 *
 * @example
 * ```ts
 * const name: AgentEventType = 'tool-call-start'
 * ```
 */
export type AgentEventType = AgentEvent['type']
