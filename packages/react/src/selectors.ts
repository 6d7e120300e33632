import type { Message, RunState, ToolCall } from '@agentstream/core'

// Views over the core's state, memoized on the identity of the parts of the state they read (the
// reducer shares structure), so calling them on every published state is cheap and returns the same
// value until what they read changes.

const idsCache = new WeakMap<readonly Message[], { streamingId: string | null; ids: readonly string[] }>()

/**
 * The ids of all messages (settled and streaming), in order. A new array only when a message is
 * added or removed; a token streaming into a message keeps it.
 *
 * @example
 * ```ts
 * selectMessageIds(store.getState()) // ['u1', 'msg_1']
 * ```
 */
export function selectMessageIds(state: RunState): readonly string[] {
  const streamingId = state.streamingMessage?.id ?? null
  const cached = idsCache.get(state.messages)
  if (cached && cached.streamingId === streamingId) return cached.ids
  const ids = state.messages.map((message) => message.id)
  if (streamingId !== null) ids.push(streamingId)
  idsCache.set(state.messages, { streamingId, ids })
  return ids
}

const indexCache = new WeakMap<readonly Message[], Map<string, Message>>()

/**
 * The message with this id (settled or streaming), or `undefined`. O(1): the settled messages are
 * indexed once per list.
 *
 * @example
 * ```ts
 * const message = selectMessage(store.getState(), 'msg_1')
 * ```
 */
export function selectMessage(state: RunState, id: string): Message | undefined {
  const streaming = state.streamingMessage
  if (streaming && streaming.id === id) return streaming
  let index = indexCache.get(state.messages)
  if (!index) {
    index = new Map()
    for (const message of state.messages) index.set(message.id, message)
    indexCache.set(state.messages, index)
  }
  return index.get(id)
}

const toolCallsCache = new WeakMap<
  RunState['toolCalls'],
  { ids: readonly string[]; list: readonly ToolCall[] }
>()

/**
 * All tool calls in order of first appearance. A new array only when a tool call changes.
 *
 * @example
 * ```ts
 * for (const call of selectToolCalls(store.getState())) console.log(call.name, call.status)
 * ```
 */
export function selectToolCalls(state: RunState): readonly ToolCall[] {
  const cached = toolCallsCache.get(state.toolCalls)
  if (cached && cached.ids === state.toolCallIds) return cached.list
  const list: ToolCall[] = []
  for (const id of state.toolCallIds) {
    const call = state.toolCalls[id]
    if (call) list.push(call)
  }
  toolCallsCache.set(state.toolCalls, { ids: state.toolCallIds, list })
  return list
}

/**
 * Element-wise `Object.is` equality of two arrays: an `isEqual` for {@link useAgentSelector}
 * selectors that build arrays.
 *
 * @example
 * ```ts
 * const names = useAgentSelector(store, (state) => state.handoffs.map((handoff) => handoff.to), shallowArrayEqual)
 * ```
 */
export function shallowArrayEqual<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let index = 0; index < a.length; index++) if (!Object.is(a[index], b[index])) return false
  return true
}
