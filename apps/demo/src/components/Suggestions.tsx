import { isRunning } from '@agentstream/core'
import { useAgentStreamContext, useRunStatus } from '@agentstream/react'
import { useChatContext } from '@agentstream/ui'

export const DEFAULT_PROMPTS = [
  'What’s the weather in Oslo?',
  'I need a refund for order A1001',
  'Check the status of order Z999',
  'Explain how you work',
  'Compare the weather in Paris and Tokyo',
  'Simulate a model error',
]

/** What each suggested prompt shows off, and its short chip label. */
function describe(prompt: string): { title: string; detail: string; short: string } {
  if (/compare/i.test(prompt))
    return { title: 'Parallel tool calls', detail: 'Two get_weather calls at once', short: 'Paris vs Tokyo' }
  if (/weather/i.test(prompt))
    return {
      title: 'Handoff + tool call',
      detail: 'Triage hands off to the Weather Agent',
      short: 'Weather in Oslo',
    }
  if (/refund/i.test(prompt))
    return { title: 'Human approval', detail: 'issue_refund waits for your OK', short: 'Refund A1001' }
  if (/status/i.test(prompt))
    return { title: 'A failing tool', detail: 'The order service times out', short: 'Order Z999 status' }
  if (/explain|how/i.test(prompt))
    return { title: 'Reasoning + Markdown', detail: 'A long answer with code', short: 'How it works' }
  if (/error|fail/i.test(prompt))
    return { title: 'Error + Retry', detail: 'The model fails mid-answer once', short: 'Model error' }
  return { title: 'Try it', detail: '', short: prompt }
}

function useSend() {
  const store = useAgentStreamContext()
  const { composerRef } = useChatContext()
  return (prompt: string) => {
    void store.send(prompt)
    composerRef.current?.focus()
  }
}

/** The empty chat: what the demo is and the prompts the scripted model knows, as cards. */
export function Welcome({ prompts = DEFAULT_PROMPTS }: { prompts?: readonly string[] }) {
  const send = useSend()
  return (
    <div className="demo-welcome">
      <h2>Talk to a team of agents</h2>
      <p>
        A triage agent hands off to a weather and a billing specialist. Their tools run on the server; one
        needs your approval and one fails. Every token streams over SSE into one typed run state.
      </p>
      <ul className="demo-prompt-cards" aria-label="Suggested prompts">
        {prompts.map((prompt) => {
          const { title, detail } = describe(prompt)
          return (
            <li key={prompt}>
              <button type="button" className="demo-prompt-card" onClick={() => send(prompt)}>
                <span className="demo-prompt-kind">{title}</span>
                <span className="demo-prompt-text">{prompt}</span>
                {detail && <span className="demo-prompt-detail">{detail}</span>}
              </button>
            </li>
          )
        })}
      </ul>
    </div>
  )
}

/** The same prompts as compact chips above the composer, once the conversation has started. */
export function SuggestionChips({ prompts = DEFAULT_PROMPTS }: { prompts?: readonly string[] }) {
  const send = useSend()
  const running = isRunning(useRunStatus())
  return (
    <ul className="demo-chips" aria-label="Suggested prompts">
      {prompts.map((prompt) => (
        <li key={prompt}>
          <button
            type="button"
            className="demo-chip"
            disabled={running}
            title={prompt}
            onClick={() => send(prompt)}
          >
            {describe(prompt).short}
          </button>
        </li>
      ))}
    </ul>
  )
}
