import type { HandoffPart } from '@agentstream/core'
import { useCurrentAgent, useHandoffs } from '@agentstream/react'
import { type CSSProperties, memo } from 'react'
import { useChatContext } from './context'

/**
 * A stable hue (0–359) for an agent's name (FNV-1a hash), so an agent keeps its color across runs
 * and reloads.
 *
 * @example
 * ```ts
 * agentHue('Weather Agent') === agentHue('Weather Agent') // true
 * ```
 */
export function agentHue(name: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < name.length; index++) {
    hash ^= name.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % 360
}

/**
 * Props of {@link AgentBadge}.
 *
 * @example
 * ```tsx
 * const props: AgentBadgeProps = { name: 'Triage', current: true }
 * ```
 */
export interface AgentBadgeProps {
  name: string
  /** Marks the agent speaking now (`aria-current` and `data-state="current"`). */
  current?: boolean
  className?: string
}

/**
 * An agent's name with its own color: the hue comes from {@link agentHue} as the CSS variable
 * `--as-agent-hue`; the stylesheet turns it into colors for light and dark themes.
 *
 * @example
 * ```tsx
 * <AgentBadge name="Weather Agent" />
 * ```
 */
export const AgentBadge = memo(function AgentBadge({ name, current, className }: AgentBadgeProps) {
  return (
    <span
      className={className ? `as-agent-badge ${className}` : 'as-agent-badge'}
      data-agent={name}
      data-state={current ? 'current' : undefined}
      aria-current={current ? 'step' : undefined}
      style={{ '--as-agent-hue': agentHue(name) } as CSSProperties}
    >
      {name}
    </span>
  )
})

/**
 * Props of {@link HandoffTrail}.
 *
 * @example
 * ```tsx
 * const props: HandoffTrailProps = { label: 'Agents' }
 * ```
 */
export interface HandoffTrailProps {
  /** Accessible name of the trail (default "Agents in this run"). */
  label?: string
  className?: string
}

/**
 * The agents this run passed through, in order, the current one highlighted. Renders nothing until
 * an agent is known. Subscribes only to the handoffs and the current agent.
 *
 * @example
 * ```tsx
 * <Chat.Root url="/api/agent">
 *   <HandoffTrail />
 *   <Chat.Messages />
 * </Chat.Root>
 * ```
 */
export function HandoffTrail({ label = 'Agents in this run', className }: HandoffTrailProps) {
  const handoffs = useHandoffs()
  const current = useCurrentAgent()
  const agents: string[] = []
  const push = (name: string | null) => {
    if (name && agents[agents.length - 1] !== name) agents.push(name)
  }
  push(handoffs[0]?.from ?? null)
  for (const handoff of handoffs) {
    push(handoff.from)
    push(handoff.to)
  }
  // The agent speaking now ends the trail (also when it took over without a handoff event).
  push(current)
  if (agents.length === 0) return null
  const currentIndex = current === null ? -1 : agents.length - 1
  return (
    <nav className={className ? `as-handoff-trail ${className}` : 'as-handoff-trail'} aria-label={label}>
      <ol>
        {agents.map((name, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an agent can appear twice in a trail
          <li key={index} data-state={index === currentIndex ? 'current' : 'past'}>
            {index > 0 && (
              <span className="as-handoff-arrow" aria-hidden="true">
                →
              </span>
            )}
            <AgentBadge name={name} current={index === currentIndex} />
          </li>
        ))}
      </ol>
    </nav>
  )
}

function DefaultHandoffDivider({ part }: { part: HandoffPart }) {
  const label = part.from ? `${part.from} handed off to ${part.to}` : `Handed off to ${part.to}`
  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot hold the agents' badges
    <div
      className="as-handoff"
      role="separator"
      aria-label={label}
      data-from={part.from ?? undefined}
      data-to={part.to}
    >
      <span className="as-handoff-line" aria-hidden="true" />
      <span className="as-handoff-label" aria-hidden="true">
        {part.from && <AgentBadge name={part.from} />}
        <span className="as-handoff-arrow">→</span>
        <AgentBadge name={part.to} />
      </span>
      <span className="as-handoff-line" aria-hidden="true" />
    </div>
  )
}

/**
 * The divider in the message list where one agent hands over to another (a message's `handoff`
 * part). Uses the `Handoff` override of `Chat.Root`'s `components` when given.
 *
 * @example
 * ```tsx
 * <HandoffDivider part={{ type: 'handoff', from: 'Triage', to: 'Weather Agent' }} />
 * ```
 */
export const HandoffDivider = memo(function HandoffDivider({ part }: { part: HandoffPart }) {
  const Override = useChatContext().components.Handoff
  return Override ? <Override part={part} /> : <DefaultHandoffDivider part={part} />
})
