import type { AgentStream } from '@agentstream/core'
import { useAgentSelector, useAgentStreamStore } from '@agentstream/react'
import { Chat, useChatContext } from '@agentstream/ui'
import { fetchInfo } from '../api'
import { Panel } from '../components/Panel'
import { RunFacts } from '../components/RunFacts'
import { RunSide } from '../components/RunSide'
import { DEFAULT_PROMPTS, SuggestionChips, Welcome } from '../components/Suggestions'
import type { Theme } from '../theme'
import { usePromise } from '../use-promise'

const AGENT_URL = '/api/agent'

function ConversationHeader({ store }: { store: AgentStream }) {
  const empty = useAgentSelector(undefined, (state) => state.messages.length === 0 && !state.streamingMessage)
  const { composerRef } = useChatContext()
  // The button disables itself once the conversation is empty: focus goes on to where the next one
  // starts, the composer, rather than dropping to <body>.
  const startOver = () => {
    store.reset()
    composerRef.current?.focus()
  }
  return (
    <header className="demo-pane-header">
      <div>
        <h1>Chat</h1>
        <p className="demo-subtitle">Triage → Weather / Billing agents, streamed from {AGENT_URL}</p>
      </div>
      <button type="button" className="demo-button" disabled={empty} onClick={startOver}>
        New conversation
      </button>
    </header>
  )
}

function Chips({ prompts }: { prompts: readonly string[] }) {
  const started = useAgentSelector(
    undefined,
    (state) => state.messages.length > 0 || !!state.streamingMessage,
  )
  return started ? <SuggestionChips prompts={prompts} /> : null
}

export function ChatPage({ theme }: { theme: Theme }) {
  const { value: info } = usePromise(fetchInfo)
  const prompts = info?.prompts ?? DEFAULT_PROMPTS
  // Creates the store without subscribing: this page does not re-render as tokens arrive.
  const store = useAgentStreamStore({ url: AGENT_URL })
  return (
    <Chat.Root store={store} theme={theme} className="demo-chat">
      <div className="demo-workspace">
        <section className="demo-conversation" aria-label="Conversation with the agents">
          <ConversationHeader store={store} />
          <Chat.Messages empty={<Welcome prompts={prompts} />}>
            <Chat.Status />
            <Chat.ErrorNotice />
            <StoppedNotice />
          </Chat.Messages>
          <div className="demo-composer-area">
            <Chips prompts={prompts} />
            <Chat.Composer placeholder="Ask about the weather, an order or a refund…" autoFocus />
          </div>
        </section>
        <RunSide>
          <Panel title="Run">
            <RunFacts />
          </Panel>
        </RunSide>
      </div>
    </Chat.Root>
  )
}

/** After Stop (or an answer cut short): what happened, and Retry. */
export function StoppedNotice() {
  const status = useAgentSelector(undefined, (state) => state.status)
  if (status !== 'stopped' && status !== 'incomplete') return null
  return (
    <div className="demo-stopped" role="status">
      <span>
        {status === 'stopped'
          ? 'You stopped the answer; what arrived stays.'
          : 'The answer was cut short by the server.'}
      </span>
      <Chat.RetryButton />
    </div>
  )
}
