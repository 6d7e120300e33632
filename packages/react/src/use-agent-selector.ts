import type { AgentStream, RunState } from '@agentstream/core'
import { useCallback, useRef, useSyncExternalStore } from 'react'
import { useResolvedStore } from './context'

interface Memo<T> {
  state: RunState
  selector: (state: RunState) => T
  selection: T
}

/**
 * Subscribes a component to a slice of a store's state: it re-renders only when `selector`'s result
 * changes (by `isEqual`, `Object.is` by default), not on every token. Built on
 * `useSyncExternalStore` over the store's published (batched) state, so it never tears and works
 * with server rendering. Pass `undefined` as the store to use the {@link AgentStreamProvider}'s.
 *
 * The selector should be cheap and pure; it may be an inline function.
 *
 * @example
 * ```tsx
 * function TokenCount({ store }: { store: AgentStream }) {
 *   const usage = useAgentSelector(store, (state) => state.usage)
 *   return <span>{JSON.stringify(usage)}</span>
 * }
 * ```
 */
export function useAgentSelector<T>(
  store: AgentStream | undefined,
  selector: (state: RunState) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  return useStoreSelector(useResolvedStore(store), selector, isEqual)
}

/** {@link useAgentSelector} once the store is known. */
export function useStoreSelector<T>(
  store: AgentStream,
  selector: (state: RunState) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  const memo = useRef<Memo<T> | null>(null)
  const subscribe = useCallback((onChange: () => void) => store.subscribe(() => onChange()), [store])
  const getSelection = (): T => {
    const state = store.getState()
    const previous = memo.current
    if (previous && previous.state === state && previous.selector === selector) return previous.selection
    const next = selector(state)
    // Keep the previous value when it is equal, so React sees the same snapshot and bails out.
    const selection = previous && isEqual(previous.selection, next) ? previous.selection : next
    memo.current = { state, selector, selection }
    return selection
  }
  return useSyncExternalStore(subscribe, getSelection, getSelection)
}
