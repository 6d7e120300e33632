// The README's custom UI, verbatim except for the `fetch` prop, driven by recorded fixtures.
import { isRunning, messageText } from '@agentstream/core'
import {
  AgentStreamProvider,
  type ToolsFromSchemas,
  useAgentStreamContext,
  useAgentStreamStore,
  useApprovals,
  useMessage,
  useMessageIds,
  useRunError,
  useRunStatus,
  useToolCalls,
} from '@agentstream/react'
import { memo, useState } from 'react'
import { z } from 'zod'

const refundArgs = z.object({ orderId: z.string(), amount: z.number() })
const weatherArgs = z.object({ city: z.string() })
type Tools = ToolsFromSchemas<{
  issue_refund: { args: typeof refundArgs; output: z.ZodString }
  get_weather: { args: typeof weatherArgs }
}>

export function Chat({ fetch }: { fetch?: typeof globalThis.fetch }) {
  // Creates the store once (StrictMode-safe), aborts on unmount, and does NOT re-render per batch.
  const store = useAgentStreamStore({
    url: '/api/agent',
    fetch,
    onError: (error) => console.warn(error.kind, error.message), // always the latest props
  })
  return (
    <AgentStreamProvider store={store}>
      <MessageList />
      <ToolPanel />
      <Approvals />
      <Controls />
      <Composer />
    </AgentStreamProvider>
  )
}

// Re-renders only when a message is added or removed.
function MessageList() {
  const ids = useMessageIds()
  return (
    <ol>
      {ids.map((id) => (
        <Message key={id} id={id} />
      ))}
    </ol>
  )
}

// Re-renders only when *this* message changes: while one message streams, the others stay put.
const Message = memo(function Message({ id }: { id: string }) {
  const message = useMessage(id)
  if (!message) return null
  return (
    <li className={message.role} aria-busy={message.status === 'streaming'}>
      {message.agent && <small>{message.agent}</small>}
      {messageText(message)}
    </li>
  )
})

// Re-renders only when a tool call changes, not while text streams. Calls are typed by name.
function ToolPanel() {
  const calls = useToolCalls<Tools>()
  return (
    <ul>
      {calls.map((call) => {
        if (call.status === 'streaming-arguments') return <li key={call.callId}>{call.name}…</li>
        if (call.name === 'issue_refund')
          return (
            <li key={call.callId}>
              Refund {call.args.orderId} (${call.args.amount}): {call.status} {call.output}
            </li>
          )
        return (
          <li key={call.callId}>
            Weather in {call.args.city}: {call.status}
          </li>
        )
      })}
    </ul>
  )
}

// A run that needs a human stops with status `interrupted` and lists the calls here.
// approve / reject send the protocol's resume request (AI SDK, AG-UI, OpenAI Agents) once every
// pending approval has an answer.
function Approvals() {
  const approvals = useApprovals()
  const store = useAgentStreamContext()
  return approvals.map((approval) => (
    <div key={approval.callId} role="alertdialog">
      {approval.message ?? `Allow ${approval.name}?`}
      <pre>{JSON.stringify(approval.args)}</pre>
      <button type="button" onClick={() => store.approve(approval.callId)}>
        Approve
      </button>
      <button type="button" onClick={() => store.reject(approval.callId, 'Not authorised')}>
        Reject
      </button>
    </div>
  ))
}

// Stop keeps what arrived (status `stopped`); retry resumes a dropped stream where it can, or repeats
// the failed request.
function Controls() {
  const status = useRunStatus()
  const error = useRunError()
  const store = useAgentStreamContext()
  return (
    <div>
      {isRunning(status) && (
        <button type="button" onClick={() => store.stop()}>
          Stop
        </button>
      )}
      {error && (
        <p role="alert">
          {error.kind === 'http' ? `Server error ${error.status}` : error.message}
          <button type="button" onClick={() => store.retry()}>
            Retry
          </button>
        </p>
      )}
    </div>
  )
}

function Composer() {
  const store = useAgentStreamContext()
  const running = isRunning(useRunStatus())
  const [text, setText] = useState('')
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        void store.send(text)
        setText('')
      }}
    >
      <input value={text} onChange={(event) => setText(event.target.value)} />
      <button type="submit" disabled={running || !text}>
        Send
      </button>
    </form>
  )
}
