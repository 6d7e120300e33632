import type { RunState } from '@agentstream/core'
import { useAgentSelector } from '@agentstream/react'

function tokens(usage: unknown): string | null {
  if (!usage || typeof usage !== 'object') return null
  const record = usage as Record<string, unknown>
  const total = record.totalTokens ?? record.total_tokens
  const input = record.inputTokens ?? record.input_tokens ?? record.prompt_tokens ?? record.promptTokens
  const output =
    record.outputTokens ?? record.output_tokens ?? record.completion_tokens ?? record.completionTokens
  if (typeof input === 'number' && typeof output === 'number') return `${input} in · ${output} out`
  if (typeof total === 'number') return `${total} total`
  return null
}

const selectFacts = (state: RunState) =>
  [
    state.status,
    state.protocol ?? '',
    state.agent ?? '',
    tokens(state.usage) ?? '',
    String(state.toolCallIds.length),
    String(state.skippedFrames),
  ].join('\u0000')

/** The run at a glance: status, protocol, agent, tokens. */
export function RunFacts() {
  const [status, protocol, agent, usage, calls, skipped] = useAgentSelector(undefined, selectFacts).split(
    '\u0000',
  )
  return (
    <dl className="demo-facts">
      <div>
        <dt>Status</dt>
        <dd>
          <span className="demo-status" data-status={status}>
            {status}
          </span>
        </dd>
      </div>
      <div>
        <dt>Protocol</dt>
        <dd>{protocol || '—'}</dd>
      </div>
      <div>
        <dt>Agent</dt>
        <dd>{agent || '—'}</dd>
      </div>
      <div>
        <dt>Tool calls</dt>
        <dd>{calls}</dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd>{usage || '—'}</dd>
      </div>
      {skipped !== '0' && (
        <div>
          <dt>Skipped frames</dt>
          <dd>{skipped}</dd>
        </div>
      )}
    </dl>
  )
}
