// The browser tests' page: the chat as an app would compose it, over the real network (`/api/agent`
// on the test server, which streams recorded fixtures as SSE at a pace).
import { AgentStreamProvider, useAgentStreamStore } from '@agentstream/react'
import { useEffect } from 'react'
import { createRoot } from 'react-dom/client'
import { Chat, HandoffTrail, ToolCallTimeline } from '../../../src/index'

const params = new URLSearchParams(location.search)
const theme = params.get('theme')

function App() {
  return (
    <Chat.Root
      url="/api/agent"
      theme={theme === 'dark' || theme === 'light' ? theme : undefined}
      className="demo"
    >
      <header className="demo-header">
        <h1>Agent chat</h1>
        <HandoffTrail />
      </header>
      <div className="demo-body">
        <main className="demo-main">
          <Chat.Messages />
          <Chat.Composer placeholder="Ask the agents…" autoFocus />
        </main>
        {params.get('panel') !== 'off' && (
          <aside className="demo-panel" aria-label="Run details">
            <h2>Tool calls</h2>
            <ToolCallTimeline.Root empty={<p className="demo-empty">No tool calls yet.</p>} />
          </aside>
        )}
      </div>
    </Chat.Root>
  )
}

/** The timeline and the trail on their own, with no Chat.Root around them. */
function Standalone() {
  const store = useAgentStreamStore({ url: '/api/agent' })
  useEffect(() => {
    void store.send('What’s the weather in Tokyo?')
  }, [store])
  return (
    <AgentStreamProvider store={store}>
      <HandoffTrail />
      <ToolCallTimeline.Root />
    </AgentStreamProvider>
  )
}

createRoot(document.getElementById('root')!).render(
  params.get('layout') === 'standalone' ? <Standalone /> : <App />,
)
