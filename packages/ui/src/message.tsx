import type { Message, MessagePart, ReasoningPart, RefusalPart, TextPart } from '@agentstream/core'
import { useMessage } from '@agentstream/react'
import { memo, type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { type ReasoningProps, type RefusalProps, useChatContext } from './context'
import { AgentBadge, HandoffDivider } from './handoffs'
import { Markdown } from './markdown'
import { ToolCallTimeline } from './tool-calls'

function DefaultReasoning({ part, answerStarted }: ReasoningProps) {
  const ref = useRef<HTMLDetailsElement>(null)
  // Open while the model thinks, unless the answer is already there (history); then the user decides.
  const [initiallyOpen] = useState(() => !answerStarted && part.state === 'streaming')
  useEffect(() => {
    if (answerStarted && ref.current) ref.current.open = false
  }, [answerStarted])
  const thinking = part.state === 'streaming' && !answerStarted
  return (
    <details ref={ref} className="as-reasoning" data-state={part.state} open={initiallyOpen}>
      <summary>{thinking ? 'Thinking…' : 'Reasoning'}</summary>
      <div className="as-reasoning-text">{part.text}</div>
    </details>
  )
}

/**
 * A reasoning part, collapsible (`<details>`): open while the model thinks, collapsed once the answer
 * starts. Uses the `Reasoning` override when given.
 *
 * @example
 * ```tsx
 * <Reasoning part={{ type: 'reasoning', id: 'r1', text: 'Thinking…', state: 'streaming' }} answerStarted={false} />
 * ```
 */
export const Reasoning = memo(function Reasoning(props: ReasoningProps) {
  const Override = useChatContext().components.Reasoning
  return Override ? <Override {...props} /> : <DefaultReasoning {...props} />
})

/**
 * A refusal, shown as such (`role="note"`, `data-part="refusal"`). Uses the `Refusal` override when given.
 *
 * @example
 * ```tsx
 * <Refusal part={{ type: 'refusal', id: 'm1', text: "I can't help with that." }} />
 * ```
 */
export const Refusal = memo(function Refusal({ part }: RefusalProps) {
  const Override = useChatContext().components.Refusal
  if (Override) return <Override part={part} />
  return (
    <div className="as-refusal" role="note" aria-label="Refusal" data-part="refusal">
      <span className="as-refusal-label">Refused</span>
      <p>{part.text}</p>
    </div>
  )
})

const TextPartView = memo(function TextPartView({ part, role }: { part: TextPart; role: Message['role'] }) {
  const Override = useChatContext().components.Markdown
  if (role === 'user') return <p className="as-user-text">{part.text}</p>
  const streaming = part.state === 'streaming'
  return Override ? (
    <Override text={part.text} streaming={streaming} />
  ) : (
    <Markdown text={part.text} streaming={streaming} />
  )
})

function answerStartsAfter(parts: readonly MessagePart[], index: number): boolean {
  for (let next = index + 1; next < parts.length; next++) {
    const part = parts[next]!
    if ((part.type === 'text' || part.type === 'refusal') && part.text !== '') return true
  }
  return false
}

function renderPart(message: Message, part: MessagePart, index: number): ReactNode {
  const key = `${part.type}-${index}`
  switch (part.type) {
    case 'text':
      return <TextPartView key={key} part={part} role={message.role} />
    case 'reasoning':
      return (
        <Reasoning
          key={key}
          part={part as ReasoningPart}
          answerStarted={message.status !== 'streaming' || answerStartsAfter(message.parts, index)}
        />
      )
    case 'refusal':
      return <Refusal key={key} part={part as RefusalPart} />
    case 'tool-call':
      return <ToolCallTimeline.Item key={key} callId={part.callId} variant="inline" />
    case 'handoff':
      return <HandoffDivider key={key} part={part} />
    case 'data':
      return <DataPartView key={key} part={part} />
    default:
      return null
  }
}

const DataPartView = memo(function DataPartView({ part }: { part: Extract<MessagePart, { type: 'data' }> }) {
  const Override = useChatContext().components.Data
  return Override ? <Override part={part} /> : null
})

/**
 * Props of {@link MessageParts}.
 *
 * @example
 * ```tsx
 * const props: MessagePartsProps = { message }
 * ```
 */
export interface MessagePartsProps {
  message: Message
  /** Leave out the leading handoff parts (the default message renders them before itself). */
  skipLeadingHandoffs?: boolean
}

/**
 * A message's parts in order: text as markdown (user text as plain text), reasoning, refusals, tool
 * calls (per-tool renderers from `tools`), handoff dividers and data parts. Use it inside a `Message`
 * override to keep the default part rendering.
 *
 * @example
 * ```tsx
 * function Bubble({ message }: MessageRendererProps) {
 *   return <div className="bubble"><MessageParts message={message} /></div>
 * }
 * ```
 */
export function MessageParts({ message, skipLeadingHandoffs = false }: MessagePartsProps) {
  let start = 0
  if (skipLeadingHandoffs) while (message.parts[start]?.type === 'handoff') start++
  const nodes: ReactNode[] = []
  for (let index = start; index < message.parts.length; index++)
    nodes.push(renderPart(message, message.parts[index]!, index))
  return <>{nodes}</>
}

function DefaultMessage({ message, className }: { message: Message; className: string | undefined }) {
  const headingId = useId()
  let leading = 0
  while (message.parts[leading]?.type === 'handoff') leading++
  const author = message.role === 'user' ? 'You' : (message.agent ?? 'Assistant')
  return (
    <>
      {message.parts.slice(0, leading).map((part, index) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: parts are append-only
        part.type === 'handoff' ? <HandoffDivider key={index} part={part} /> : null,
      )}
      {message.parts.length > leading && (
        <article
          className={className ? `as-message ${className}` : 'as-message'}
          data-role={message.role}
          data-agent={message.agent ?? undefined}
          data-status={message.status}
          aria-labelledby={headingId}
          aria-busy={message.status === 'streaming' ? true : undefined}
        >
          <div className="as-message-header" id={headingId}>
            {message.role === 'user' ? (
              <span className="as-sr-only">{author}</span>
            ) : (
              <AgentBadge name={author} />
            )}
          </div>
          <div className="as-message-body">
            <MessageParts message={message} skipLeadingHandoffs />
          </div>
        </article>
      )}
    </>
  )
}

/**
 * Props of {@link Chat.Message}.
 *
 * @example
 * ```tsx
 * const props: ChatMessageProps = { id: 'msg_1' }
 * ```
 */
export interface ChatMessageProps {
  /** The message id (from `useMessageIds()`). */
  id: string
  className?: string
}

/**
 * One message by id, memoized and subscribed to that message only (`useMessage(id)`): it re-renders
 * when its own message changes, never while another one streams. An `<article>` with `data-role`,
 * `data-agent` and `data-status`; a leading handoff is drawn as a divider before it. Uses the
 * `Message` override when given.
 *
 * @example
 * ```tsx
 * const ids = useMessageIds()
 * return ids.map((id) => <Chat.Message key={id} id={id} />)
 * ```
 */
export const ChatMessage = memo(function ChatMessage({ id, className }: ChatMessageProps) {
  const message = useMessage(id)
  const Override = useChatContext().components.Message
  if (!message) return null
  return Override ? (
    <Override message={message} />
  ) : (
    <DefaultMessage message={message} className={className} />
  )
})
