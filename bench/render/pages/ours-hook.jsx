// Ours, bare hooks: useAgentStream at the top, useMessageIds for the list, useMessage per message.
import { initialRunState, messageText, reduce } from '@agentstream/core'
import { useAgentStream, useMessage, useMessageIds } from '@agentstream/react'
import { memo, Profiler, useEffect } from 'react'
import { createRoot } from 'react-dom/client'
import { apiUrl, historyCount, historyMessages, onRender, params, ready, slicedFetch } from './harness.js'

let initialState = initialRunState
for (const message of historyMessages(historyCount)) {
  if (message.role === 'user') {
    initialState = reduce(initialState, { type: 'user-message', id: message.id, text: message.text })
  } else {
    initialState = reduce(initialState, { type: 'request-start' })
    initialState = reduce(initialState, { type: 'text-delta', messageId: message.id, delta: message.text })
    initialState = reduce(initialState, { type: 'run-finish', outcome: 'done' })
  }
}

const Message = memo(function Message({ id, store }) {
  const message = useMessage(id, store)
  if (!message) return null
  const tools = message.parts.filter((part) => part.type === 'tool-call').length
  return (
    <div className={`message ${message.role}`}>
      {tools > 0 && <div className="tool">tool calls: {tools}</div>}
      <p>{messageText(message)}</p>
    </div>
  )
})

const MessageList = memo(function MessageList({ store }) {
  const ids = useMessageIds(store)
  return (
    <div className="list">
      {ids.map((id) => (
        <Message key={id} id={id} store={store} />
      ))}
    </div>
  )
})

function App() {
  const { store, send } = useAgentStream({
    url: apiUrl,
    initialState,
    ...(params.get('yield') ? { fetch: slicedFetch } : {}),
  })
  useEffect(() => ready(() => send('Hi'), { follow: true }), [send])
  return <MessageList store={store} />
}

createRoot(document.getElementById('root')).render(
  <Profiler id="app" onRender={onRender}>
    <App />
  </Profiler>,
)
