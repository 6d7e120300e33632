import type { AgentStream } from '@agentstream/core'
import { createContext, createElement, type ReactElement, type ReactNode, useContext } from 'react'

const AgentStreamContext = createContext<AgentStream | null>(null)
AgentStreamContext.displayName = 'AgentStreamContext'

/**
 * Props of {@link AgentStreamProvider}.
 *
 * @example
 * ```tsx
 * const props: AgentStreamProviderProps = { store: chat.store, children: <Transcript /> }
 * ```
 */
export interface AgentStreamProviderProps {
  /** The store to share: `chat.store` from {@link useAgentStream}, or one from `createAgentStream`. */
  store: AgentStream
  children?: ReactNode
}

/**
 * Makes a store reachable by every hook below it without passing props: `useMessage(id)`,
 * `useToolCalls()`, `useRunStatus()`… use it when they get no store argument.
 *
 * @example
 * ```tsx
 * function Chat() {
 *   const chat = useAgentStream({ url: '/api/agent' })
 *   return (
 *     <AgentStreamProvider store={chat.store}>
 *       <MessageList />
 *       <ToolPanel />
 *     </AgentStreamProvider>
 *   )
 * }
 * ```
 */
export function AgentStreamProvider({ store, children }: AgentStreamProviderProps): ReactElement {
  return createElement(AgentStreamContext.Provider, { value: store }, children)
}

/**
 * The store of the nearest {@link AgentStreamProvider}. Throws when there is none.
 *
 * @example
 * ```tsx
 * function StopButton() {
 *   const store = useAgentStreamContext()
 *   return <button onClick={() => store.stop()}>Stop</button>
 * }
 * ```
 */
export function useAgentStreamContext(): AgentStream {
  const store = useContext(AgentStreamContext)
  if (!store)
    throw new Error(
      'useAgentStreamContext: no <AgentStreamProvider> above this component. Wrap it in <AgentStreamProvider store={chat.store}> or pass the store to the hook.',
    )
  return store
}

/** The provider's store, or `null`. */
export function useContextStore(): AgentStream | null {
  return useContext(AgentStreamContext)
}

/** The store passed as an argument, else the provider's. */
export function useResolvedStore(store: AgentStream | undefined): AgentStream {
  const fromContext = useContext(AgentStreamContext)
  const resolved = store ?? fromContext
  if (!resolved)
    throw new Error(
      '@agentstream/react: no store. Pass one to the hook, or render it inside <AgentStreamProvider store={chat.store}>.',
    )
  return resolved
}
