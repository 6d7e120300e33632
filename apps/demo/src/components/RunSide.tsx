import { useAgentSelector } from '@agentstream/react'
import { HandoffTrail, ToolCallTimeline } from '@agentstream/ui'
import type { ReactNode } from 'react'
import { Panel } from './Panel'

function EmptyTrail() {
  const none = useAgentSelector(undefined, (state) => !state.agent && state.handoffs.length === 0)
  return none ? <p className="demo-muted">Agents appear here when the stream names them.</p> : null
}

/** The run's side column: the agents it passed through and its tool calls, then any extra panels. */
export function RunSide({ children }: { children?: ReactNode }) {
  return (
    <aside className="demo-side" aria-label="Run details">
      <Panel title="Agents">
        <HandoffTrail label="Agents in this run" />
        <EmptyTrail />
      </Panel>
      <Panel title="Tool calls" className="demo-panel-grow">
        <ToolCallTimeline.Root
          label="Tool call timeline"
          empty={<p className="demo-muted">No tool calls yet.</p>}
        />
      </Panel>
      {children}
    </aside>
  )
}
