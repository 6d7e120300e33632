import type { DataPart, HandoffPart, Message, ReasoningPart, RefusalPart, ToolCall } from '@agentstream/core'
import { type ComponentType, createContext, type RefObject, useContext } from 'react'
import type { MarkdownProps } from './markdown'

/**
 * Props of a per-tool renderer (`tools={{ get_weather: WeatherCard }}`) and of a `ToolCall` override.
 *
 * @example
 * ```tsx
 * function WeatherCard({ call }: ToolCallRendererProps) {
 *   if (call.status !== 'done') return <p>Looking up {String((call.args as { city?: string })?.city ?? '…')}</p>
 *   return <p>{JSON.stringify(call.output)}</p>
 * }
 * ```
 */
export interface ToolCallRendererProps {
  call: ToolCall
  /** Approves the call (when it is awaiting approval). */
  approve: (reason?: string) => Promise<void>
  /** Rejects the call (when it is awaiting approval). */
  reject: (reason?: string) => Promise<void>
  /**
   * Where it is shown: `'inline'` in a message, `'panel'` in `ToolCallTimeline.Root`. Per-tool
   * renderers are used in both places: pick a compact look inline and a fuller one in the panel.
   */
  variant: 'inline' | 'panel'
}

/**
 * Props of a `Message` override: the message; render its parts with `<MessageParts message={message} />`.
 *
 * @example
 * ```tsx
 * function Bubble({ message }: MessageRendererProps) {
 *   return <div className={message.role}><MessageParts message={message} /></div>
 * }
 * ```
 */
export interface MessageRendererProps {
  message: Message
}

/**
 * Props of a `Reasoning` override.
 *
 * @example
 * ```tsx
 * const Thoughts = ({ part }: ReasoningProps) => <blockquote>{part.text}</blockquote>
 * ```
 */
export interface ReasoningProps {
  part: ReasoningPart
  /** True once the answer (text after the reasoning) has started: the default collapses then. */
  answerStarted: boolean
}

/**
 * Props of a `Refusal` override.
 *
 * @example
 * ```tsx
 * const Refused = ({ part }: RefusalProps) => <p role="note">{part.text}</p>
 * ```
 */
export interface RefusalProps {
  part: RefusalPart
}

/**
 * Props of a `Handoff` override (the divider where one agent hands over to another).
 *
 * @example
 * ```tsx
 * const Divider = ({ part }: HandoffDividerProps) => <hr aria-label={`${part.from} → ${part.to}`} />
 * ```
 */
export interface HandoffDividerProps {
  part: HandoffPart
}

/**
 * Props of a `Data` override (AI SDK `data-*` parts; nothing is rendered for them by default).
 *
 * @example
 * ```tsx
 * const Data = ({ part }: DataPartProps) => (part.dataType === 'weather' ? <Weather data={part.data} /> : null)
 * ```
 */
export interface DataPartProps {
  part: DataPart
}

/**
 * Renderer overrides, given to `Chat.Root` as `components` and used by every part below it. Keep the
 * object stable (define it outside the component) so the parts do not re-render.
 *
 * @example
 * ```tsx
 * const components: ChatComponents = { Markdown: MyMarkdown, ToolCall: MyToolCall }
 * <Chat.Root url="/api/agent" components={components} />
 * ```
 */
export interface ChatComponents {
  /** Renders one message (the list still windows, memoizes and scrolls). */
  Message?: ComponentType<MessageRendererProps>
  /** Renders the text of assistant messages. */
  Markdown?: ComponentType<MarkdownProps>
  Reasoning?: ComponentType<ReasoningProps>
  Refusal?: ComponentType<RefusalProps>
  /** Renders a tool call, inline in messages and in `ToolCallTimeline`. */
  ToolCall?: ComponentType<ToolCallRendererProps>
  Handoff?: ComponentType<HandoffDividerProps>
  Data?: ComponentType<DataPartProps>
  /** What `Chat.EmptyState` shows. */
  EmptyState?: ComponentType
}

/**
 * Per-tool renderers by tool name, given to `Chat.Root` (or `ToolCallTimeline.Root`) as `tools`:
 * they replace the default tool call rendering of that tool's calls, inline in messages and in the
 * timeline (they receive `variant` to tell which).
 *
 * @example
 * ```tsx
 * const tools: ToolRenderers = { get_weather: WeatherCard }
 * <Chat.Root url="/api/agent" tools={tools} />
 * ```
 */
export type ToolRenderers = Readonly<Record<string, ComponentType<ToolCallRendererProps>>>

/**
 * What `Chat.Root` shares with its parts.
 *
 * @example
 * ```tsx
 * const { components } = useChatContext()
 * ```
 */
export interface ChatContextValue {
  components: ChatComponents
  tools: ToolRenderers
  /** The composer's textarea, where focus returns after send, stop and retry. */
  composerRef: RefObject<HTMLTextAreaElement | null>
}

const emptyContext: ChatContextValue = { components: {}, tools: {}, composerRef: { current: null } }

const ChatContext = createContext<ChatContextValue>(emptyContext)
ChatContext.displayName = 'ChatContext'

/** @internal */
export const ChatContextProvider = ChatContext.Provider

/**
 * The overrides and shared refs of the nearest `Chat.Root` (defaults outside one).
 *
 * @example
 * ```tsx
 * function MyPart() {
 *   const { components, tools } = useChatContext()
 *   return <span>{Object.keys(tools).join(', ')}</span>
 * }
 * ```
 */
export function useChatContext(): ChatContextValue {
  return useContext(ChatContext)
}

/** Puts focus back in the composer, if there is one. */
export function focusComposer(context: ChatContextValue): boolean {
  const composer = context.composerRef.current
  if (!composer?.isConnected) return false
  composer.focus()
  return true
}
