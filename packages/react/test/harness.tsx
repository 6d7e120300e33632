import type { AgentStream } from '@agentstream/core'
import { messageText } from '@agentstream/core'
import { render } from '@testing-library/react'
import { StrictMode } from 'react'
import { type UseAgentStreamOptions, type UseAgentStreamResult, useAgentStream } from '../src/index'

export type ChatRef = { current: UseAgentStreamResult }

export function Probe({ options, chat }: { options: UseAgentStreamOptions | AgentStream; chat: ChatRef }) {
  chat.current = useAgentStream(options)
  return null
}

/** Renders the hook and hands back its latest result. */
export function renderChat(options: UseAgentStreamOptions, { strict = false } = {}) {
  const result: ChatRef = { current: undefined as never }
  const wrap = (element: React.ReactElement) => (strict ? <StrictMode>{element}</StrictMode> : element)
  const view = render(wrap(<Probe options={options} chat={result} />))
  return {
    result,
    rerender: (next: UseAgentStreamOptions) => view.rerender(wrap(<Probe options={next} chat={result} />)),
    unmount: view.unmount,
  }
}

/** The assistant's text over the whole conversation. */
export const assistantText = (chat: UseAgentStreamResult) =>
  chat.messages
    .filter((message) => message.role === 'assistant')
    .map(messageText)
    .join('')
