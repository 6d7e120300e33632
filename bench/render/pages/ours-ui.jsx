// Ours, drop-in: @agentstream/ui's <Chat.Root> + <Chat.Messages> (all history in the DOM).
import { createAgentStream, initialRunState, reduce } from '@agentstream/core'
import { Chat } from '@agentstream/ui'
import { Profiler } from 'react'
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
const store = createAgentStream({
  url: apiUrl,
  initialState,
  ...(params.get('yield') ? { fetch: slicedFetch } : {}),
})

createRoot(document.getElementById('root')).render(
  <Profiler id="app" onRender={onRender}>
    <Chat.Root store={store}>
      <Chat.Messages pageSize={100_000} />
    </Chat.Root>
  </Profiler>,
)
ready(() => store.send('Hi'))
