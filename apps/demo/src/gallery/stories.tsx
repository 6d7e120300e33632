/**
 * The Gallery's stories: every component of `@agentstream/ui`, each in the states the recorded
 * streams drive it through, with the props a user is most likely to set.
 */
import type { RunState } from '@agentstream/core'
import { selectMessages } from '@agentstream/core'
import { useAgentSelector } from '@agentstream/react'
import {
  AgentBadge,
  Chat,
  HandoffTrail,
  Markdown,
  type ToolCallRendererProps,
  ToolCallTimeline,
  type ToolRenderers,
} from '@agentstream/ui'
import type { ReactNode } from 'react'

export type Control =
  | { name: string; label: string; type: 'text'; initial: string }
  | { name: string; label: string; type: 'number'; initial: number; min?: number; max?: number }
  | { name: string; label: string; type: 'boolean'; initial: boolean }
  | { name: string; label: string; type: 'select'; initial: string; options: readonly string[] }

export type PropValues = Record<string, string | number | boolean>

export interface StoryState {
  id: string
  label: string
  /** `<protocol>/<name>` of a core fixture, or `demo:<name>` for a recording of the demo's agents. */
  source: string
  /** The user message the recording answered (shown first). */
  prompt?: string
  /**
   * The states (ids of the same story) that recorded what the server streamed after Approve or
   * Reject: the canvas goes on with them.
   */
  next?: { approved?: string; rejected?: string }
}

export interface ComponentStory {
  id: string
  title: string
  /** How it is used, as code. */
  usage: string
  description: string
  controls: readonly Control[]
  states: readonly StoryState[]
  /** `tall`: a fixed-height canvas (scrolling lists). */
  layout: 'tall' | 'auto'
  render: (props: PropValues) => ReactNode
}

export function sourceUrl(source: string): string {
  return source.startsWith('demo:')
    ? `/api/recordings/openai-agents/${source.slice(5)}`
    : `/api/fixtures/${source}`
}

const lines = (value: string | number | boolean | undefined) =>
  String(value ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)

/** A per-tool renderer of one's own that keeps the kit's Approve / Reject. */
function RefundCard({ call, approve, reject }: ToolCallRendererProps) {
  const { order_id, amount, reason } = (call.args ?? {}) as {
    order_id?: string
    amount?: number
    reason?: string
  }
  return (
    <div className="demo-refund-card">
      <p>
        <strong>Refund</strong> {amount !== undefined ? `$${amount.toFixed(2)}` : '…'} on order{' '}
        {order_id ?? '…'}
      </p>
      {reason && <p className="demo-muted">{reason}</p>}
      <ToolCallTimeline.Approval call={call} approve={approve} reject={reject} />
    </div>
  )
}

const refundTools: ToolRenderers = { issue_refund: RefundCard }

// ————— Components that read the store themselves —————

const selectLastAssistant = (state: RunState): { text: string; streaming: boolean } | null => {
  const messages = selectMessages(state)
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!
    if (message.role !== 'assistant') continue
    const text = message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('')
    if (text) return { text, streaming: message.status === 'streaming' }
  }
  return null
}

function LastMarkdown({ streaming }: { streaming: string }) {
  const last = useAgentSelector(
    undefined,
    selectLastAssistant,
    (a, b) => a?.text === b?.text && a?.streaming === b?.streaming,
  )
  if (!last) return <p className="demo-muted">The assistant’s text appears here as it streams.</p>
  return <Markdown text={last.text} streaming={streaming === 'auto' ? last.streaming : streaming === 'on'} />
}

function CurrentAgentBadge({ fallback, current }: { fallback: string; current: boolean }) {
  const agent = useAgentSelector(undefined, (state) => state.agent)
  return (
    <div className="demo-badge-row">
      <AgentBadge name={agent ?? fallback} current={current} />
      <AgentBadge name="Triage Agent" />
      <AgentBadge name="Weather Agent" />
      <AgentBadge name="Billing Agent" />
    </div>
  )
}

// ————— The stories —————

const CHAT_STATES: StoryState[] = [
  {
    id: 'handoff-tool',
    label: 'Handoff + tool call',
    source: 'demo:weather',
    prompt: 'What’s the weather in Oslo?',
  },
  {
    id: 'approval',
    label: 'Awaiting approval',
    source: 'demo:refund',
    prompt: 'I need a refund for order A1001',
    next: { approved: 'approved' },
  },
  { id: 'approved', label: 'After approval', source: 'demo:refund-approved' },
  {
    id: 'failing-tool',
    label: 'Failing tool',
    source: 'demo:order-status',
    prompt: 'Check the status of order Z999',
  },
  { id: 'markdown', label: 'Reasoning + Markdown', source: 'demo:explain', prompt: 'Explain how you work' },
  { id: 'model-error', label: 'Model error', source: 'demo:model-error', prompt: 'Simulate a model error' },
  {
    id: 'text',
    label: 'Plain answer',
    source: 'openai-chat/text',
    prompt: 'Say hi and tell me the weather in Paris.',
  },
  { id: 'reasoning', label: 'Reasoning', source: 'openai-agents/reasoning', prompt: 'Is 21 °C warm?' },
  {
    id: 'parallel',
    label: 'Parallel tools',
    source: 'openai-agents/parallel-tools',
    prompt: 'Weather and local time in Paris?',
  },
  { id: 'refusal', label: 'Refusal', source: 'openai-responses/refusal', prompt: 'Help me pick a lock.' },
  {
    id: 'incomplete',
    label: 'Incomplete (max tokens)',
    source: 'openai-responses/incomplete',
    prompt: 'Tell me everything.',
  },
  { id: 'error', label: 'Error mid-stream', source: 'openai-chat/error-mid-stream', prompt: 'Say hi.' },
  { id: 'truncated', label: 'Truncated stream', source: 'openai-chat/broken/truncated', prompt: 'Say hi.' },
  {
    id: 'data-parts',
    label: 'AI SDK data parts',
    source: 'ai-sdk/data-parts',
    prompt: 'Weather card for Paris',
  },
  {
    id: 'subagents',
    label: 'AG-UI subagents',
    source: 'ag-ui/handoff',
    prompt: 'What’s the weather in Tokyo?',
  },
  {
    id: 'long',
    label: 'Long answer (2,000 tokens)',
    source: 'ai-sdk/long-answer',
    prompt: 'Tell me everything.',
  },
]

export const STORIES: ComponentStory[] = [
  {
    id: 'chat',
    title: 'Chat',
    usage: '<Chat.Root url="/api/agent">\n  <Chat.Messages />\n  <Chat.Composer />\n</Chat.Root>',
    description:
      'The drop-in chat: messages with inline tool calls, handoff dividers, reasoning, Markdown, status, errors and the composer.',
    layout: 'tall',
    controls: [
      { name: 'composer', label: 'Show the composer', type: 'boolean', initial: true },
      { name: 'placeholder', label: 'Composer placeholder', type: 'text', initial: 'Message' },
      {
        name: 'pageSize',
        label: 'pageSize (messages in the DOM)',
        type: 'number',
        initial: 50,
        min: 1,
        max: 200,
      },
      { name: 'label', label: 'Accessible label', type: 'text', initial: 'Conversation' },
    ],
    states: CHAT_STATES,
    render: (props) => (
      <>
        <Chat.Messages pageSize={Number(props.pageSize) || 50} label={String(props.label)} />
        {props.composer === true && <Chat.Composer placeholder={String(props.placeholder)} />}
      </>
    ),
  },
  {
    id: 'tool-call-timeline',
    title: 'ToolCallTimeline',
    usage: '<ToolCallTimeline.Root label="Tool calls" />',
    description:
      'Every tool call of the run: streaming arguments, running, output, errors, durations, Approve / Reject.',
    layout: 'auto',
    controls: [
      { name: 'label', label: 'Accessible label', type: 'text', initial: 'Tool calls' },
      { name: 'empty', label: 'Empty text', type: 'text', initial: 'No tool calls yet.' },
      {
        name: 'refundCard',
        label: 'issue_refund as a card of its own (ToolCallTimeline.Approval)',
        type: 'boolean',
        initial: false,
      },
    ],
    states: [
      { id: 'tool-call', label: 'Arguments → result', source: 'demo:weather' },
      { id: 'two-cities', label: 'Parallel calls', source: 'demo:weather-two-cities' },
      { id: 'approval', label: 'Awaiting approval', source: 'demo:refund', next: { approved: 'approved' } },
      { id: 'approved', label: 'Approved and run', source: 'demo:refund-approved' },
      { id: 'failing', label: 'Failing tool (as output)', source: 'demo:order-status' },
      { id: 'tool-error', label: 'Tool error (AI SDK)', source: 'ai-sdk/tool-error' },
      { id: 'denied', label: 'Denied (AI SDK)', source: 'ai-sdk/approval-denied' },
      { id: 'rejected', label: 'Rejected (Agents SDK)', source: 'openai-agents/approval-rejected' },
      { id: 'chunks', label: 'TOOL_CALL_CHUNK (AG-UI)', source: 'ag-ui/parallel-tools' },
      { id: 'interleaved', label: 'Interleaved (Chat Completions)', source: 'openai-chat/interleaved-tools' },
    ],
    render: (props) => (
      <ToolCallTimeline.Root
        label={String(props.label)}
        empty={<p className="demo-muted">{String(props.empty)}</p>}
        tools={props.refundCard ? refundTools : undefined}
      />
    ),
  },
  {
    id: 'handoff-trail',
    title: 'HandoffTrail',
    usage: '<HandoffTrail label="Agents in this run" />',
    description: 'The agents a run passed through, the current one highlighted.',
    layout: 'auto',
    controls: [{ name: 'label', label: 'Accessible label', type: 'text', initial: 'Agents in this run' }],
    states: [
      { id: 'weather', label: 'Triage → Weather', source: 'demo:weather' },
      { id: 'billing', label: 'Triage → Billing', source: 'demo:refund' },
      { id: 'agents', label: 'Agents SDK fixture', source: 'openai-agents/handoff' },
      { id: 'subagents', label: 'AG-UI subagents', source: 'ag-ui/handoff' },
    ],
    render: (props) => <HandoffTrail label={String(props.label)} />,
  },
  {
    id: 'markdown',
    title: 'Markdown',
    usage: '<Markdown text={text} streaming />',
    description:
      'Streaming Markdown: finished blocks are parsed once, code fences keep their nodes while they grow, no raw HTML.',
    layout: 'auto',
    controls: [
      {
        name: 'streaming',
        label: 'streaming',
        type: 'select',
        initial: 'auto',
        options: ['auto', 'on', 'off'],
      },
    ],
    states: [
      { id: 'explain', label: 'Headings, list, code, table', source: 'demo:explain' },
      { id: 'order', label: 'Numbered list + inline code', source: 'demo:order-status' },
      { id: 'text', label: 'Short text with emoji', source: 'openai-agents/text' },
      { id: 'multi-line', label: 'Multi-line text', source: 'text/multi-line' },
    ],
    render: (props) => <LastMarkdown streaming={String(props.streaming)} />,
  },
  {
    id: 'status',
    title: 'Chat.Status',
    usage: '<Chat.Status labels={{ thinking: "Working on it…" }} />',
    description: 'What the run is doing now: connecting, thinking, writing, calling a tool, handing off.',
    layout: 'auto',
    controls: [
      { name: 'thinking', label: 'labels.thinking', type: 'text', initial: 'Thinking…' },
      { name: 'tool', label: 'labels.tool', type: 'text', initial: '' },
    ],
    states: [
      { id: 'tool', label: 'Calling a tool', source: 'demo:weather' },
      { id: 'reasoning', label: 'Thinking, then writing', source: 'demo:explain' },
      { id: 'handoff', label: 'Handing off (AG-UI)', source: 'ag-ui/handoff' },
    ],
    render: (props) => (
      <>
        <Chat.Status
          labels={{
            ...(props.thinking ? { thinking: String(props.thinking) } : {}),
            ...(props.tool ? { tool: String(props.tool) } : {}),
          }}
        />
        <StatusHint />
      </>
    ),
  },
  {
    id: 'error-notice',
    title: 'Chat.ErrorNotice',
    usage: '<Chat.ErrorNotice titles={{ server: "The agent failed" }} />',
    description: 'The run’s typed error: a headline by kind, the server’s own message, and Retry.',
    layout: 'auto',
    controls: [{ name: 'title', label: 'Headline for this kind (titles[kind])', type: 'text', initial: '' }],
    states: [
      { id: 'agents', label: 'Model failed (Agents SDK)', source: 'demo:model-error' },
      { id: 'server', label: 'Error frame (Chat Completions)', source: 'openai-chat/error-mid-stream' },
      { id: 'truncated', label: 'Truncated body', source: 'openai-chat/broken/truncated' },
      { id: 'failed', label: 'response.failed', source: 'openai-responses/failed' },
      { id: 'max-turns', label: 'MaxTurnsExceeded (Agents SDK)', source: 'openai-agents/max-turns' },
      { id: 'masked', label: 'Masked error (AI SDK)', source: 'ai-sdk/error-masked' },
      { id: 'run-error', label: 'RUN_ERROR (AG-UI)', source: 'ag-ui/error-mid-stream' },
      { id: 'event-error', label: 'event: error (plain text)', source: 'text/broken/event-error' },
    ],
    render: (props) => <ErrorNoticeStory title={String(props.title)} />,
  },
  {
    id: 'empty-state',
    title: 'Chat.EmptyState',
    usage:
      '<Chat.Messages\n  empty={<Chat.EmptyState suggestions={["Weather in Tokyo?"]} />}\n/>\n<Chat.Composer />',
    description:
      'Shown until the first message; suggestions are buttons that send themselves (here the Gallery answers) and put focus in the composer. Play to see it go.',
    layout: 'tall',
    controls: [
      {
        name: 'suggestions',
        label: 'suggestions (one per line)',
        type: 'text',
        initial: 'What’s the weather in Oslo?\nI need a refund for order A1001',
      },
    ],
    states: [
      { id: 'text', label: 'Before the first message', source: 'openai-chat/text', prompt: 'Say hi.' },
    ],
    render: (props) => (
      <>
        <Chat.Messages empty={<Chat.EmptyState suggestions={lines(props.suggestions)} />} />
        <Chat.Composer />
      </>
    ),
  },
  {
    id: 'agent-badge',
    title: 'AgentBadge',
    usage: '<AgentBadge name="Weather Agent" current />',
    description: 'An agent’s name in its own stable color (a hue from the name), for light and dark.',
    layout: 'auto',
    controls: [
      { name: 'name', label: 'name (before an agent speaks)', type: 'text', initial: 'Support Agent' },
      { name: 'current', label: 'current', type: 'boolean', initial: true },
    ],
    states: [
      { id: 'weather', label: 'The speaking agent', source: 'demo:weather' },
      { id: 'billing', label: 'Billing', source: 'demo:refund' },
    ],
    render: (props) => <CurrentAgentBadge fallback={String(props.name)} current={props.current === true} />,
  },
]

function StatusHint() {
  const status = useAgentSelector(undefined, (state) => state.status)
  return status === 'streaming' || status === 'connecting' ? null : (
    <p className="demo-muted">Chat.Status renders nothing while idle — press play or step.</p>
  )
}

function ErrorNoticeStory({ title }: { title: string }) {
  const kind = useAgentSelector(undefined, (state) => state.error?.kind)
  return (
    <>
      <Chat.ErrorNotice titles={title && kind ? { [kind]: title } : {}} />
      {!kind && (
        <p className="demo-muted">Chat.ErrorNotice renders nothing until the run fails — play to the end.</p>
      )}
    </>
  )
}

export function findStory(componentId: string | undefined, stateId: string | undefined) {
  const story = STORIES.find((candidate) => candidate.id === componentId) ?? STORIES[0]!
  const state = story.states.find((candidate) => candidate.id === stateId) ?? story.states[0]!
  return { story, state }
}
