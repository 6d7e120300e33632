// Ours, drop-in: @agentstream/ui's <Chat.Root> + <Chat.Messages> (all history in the DOM).
import { createAgentStream, initialRunState, reduce } from '@agentstream/core'
import { Chat } from '@agentstream/ui'
import { Profiler } from 'react'
import { createRoot } from 'react-dom/client'
import { apiUrl, historyCount, historyMessages, onRender, params, ready } from './harness.js'

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
// Experiment (`?yield=1`, page id ours-ui-yield): a fetch whose body hands over at most 16 KiB per
// read and yields to the event loop once 8 ms of work went by since the last yield: what the kit's
// read loop would do if it time-sliced.
const sliced = async (input, init) => {
  const response = await fetch(input, init)
  const reader = response.body.getReader()
  let pending = null
  let since = performance.now()
  const yieldToEventLoop = () =>
    new Promise((resolve) => {
      const channel = new MessageChannel()
      channel.port1.onmessage = resolve
      channel.port2.postMessage(0)
    })
  const body = new ReadableStream({
    async pull(controller) {
      if (performance.now() - since > 8) {
        await yieldToEventLoop()
        since = performance.now()
      }
      if (!pending || pending.length === 0) {
        const { done, value } = await reader.read()
        if (done) return controller.close()
        pending = value
      }
      controller.enqueue(pending.subarray(0, 16_384))
      pending = pending.subarray(16_384)
    },
    cancel: (reason) => reader.cancel(reason),
  })
  return new Response(body, { status: response.status, headers: response.headers })
}
const store = createAgentStream({
  url: apiUrl,
  initialState,
  ...(params.get('yield') ? { fetch: sliced } : {}),
})

createRoot(document.getElementById('root')).render(
  <Profiler id="app" onRender={onRender}>
    <Chat.Root store={store}>
      <Chat.Messages pageSize={100_000} />
    </Chat.Root>
  </Profiler>,
)
ready(() => store.send('Hi'))
