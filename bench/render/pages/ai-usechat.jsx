// The AI SDK: useChat over DefaultChatTransport, memoized message components; `?throttle=50` passes
// experimental_throttle.
import { useChat } from '@ai-sdk/react'
import { DefaultChatTransport } from 'ai'
import { memo, Profiler, useEffect } from 'react'
import { createRoot } from 'react-dom/client'
import { apiUrl, historyCount, historyMessages, onRender, params, ready } from './harness.js'

const throttle = params.get('throttle') ? Number(params.get('throttle')) : undefined
const history = historyMessages(historyCount).map((message) => ({
  id: message.id,
  role: message.role,
  parts: [{ type: 'text', text: message.text, ...(message.role === 'assistant' ? { state: 'done' } : {}) }],
}))
const transport = new DefaultChatTransport({ api: apiUrl })

const Message = memo(function Message({ message }) {
  const tools = message.parts.filter((part) => part.type.startsWith('tool-')).length
  const text = message.parts
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('')
  return (
    <div className={`message ${message.role}`}>
      {tools > 0 && <div className="tool">tool calls: {tools}</div>}
      <p>{text}</p>
    </div>
  )
})

function App() {
  const { messages, sendMessage } = useChat({
    transport,
    messages: history,
    ...(throttle ? { experimental_throttle: throttle } : {}),
  })
  // biome-ignore lint/correctness/useExhaustiveDependencies: once
  useEffect(() => ready(() => sendMessage({ text: 'Hi' }), { follow: true }), [])
  return (
    <div className="list">
      {messages.map((message) => (
        <Message key={message.id} message={message} />
      ))}
    </div>
  )
}

createRoot(document.getElementById('root')).render(
  <Profiler id="app" onRender={onRender}>
    <App />
  </Profiler>,
)
