import type { JsonPatchOperation } from '../events'

/**
 * Applies an RFC 6902 JSON Patch without mutating `document`: untouched branches keep their
 * identity. An operation that cannot apply (a missing path, a failed `test`) stops the patch and the
 * document is returned as it was before the patch, as RFC 6902 requires.
 *
 * @example
 * ```ts
 * applyJsonPatch({ count: 1 }, [{ op: 'replace', path: '/count', value: 2 }]) // { count: 2 }
 * ```
 */
export function applyJsonPatch(document: unknown, patch: readonly JsonPatchOperation[]): unknown {
  let result = document
  for (const operation of patch) {
    const next = applyOperation(result, operation)
    if (next === failed) return document
    result = next
  }
  return result
}

const failed = Symbol('failed')

function parsePointer(pointer: string): string[] | null {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) return null
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** The index a token names in an array, or -1; `-` and the length itself only where one adds. */
function arrayIndex(array: unknown[], token: string, adding: boolean): number {
  const index = adding && token === '-' ? array.length : Number(token)
  return Number.isInteger(index) && index >= 0 && index <= array.length - (adding ? 0 : 1) ? index : -1
}

/** Where a token leads in a container: an existing array index or own key, or `undefined`. */
function existingKey(container: unknown, token: string): number | string | undefined {
  if (Array.isArray(container)) {
    const index = arrayIndex(container, token, false)
    return index < 0 ? undefined : index
  }
  return container !== null && typeof container === 'object' && Object.hasOwn(container, token)
    ? token
    : undefined
}

function getAt(document: unknown, path: string[]): { found: boolean; value: unknown } {
  let current = document
  for (const token of path) {
    const key = existingKey(current, token)
    if (key === undefined) return { found: false, value: undefined }
    current = (current as Record<string | number, unknown>)[key]
  }
  return { found: true, value: current }
}

type Edit = (container: unknown, token: string) => unknown | typeof failed

/** Applies `edit` to the container the path ends in, copying only the containers along the way. */
function editAt(document: unknown, path: string[], edit: Edit): unknown | typeof failed {
  if (path.length === 0) return failed
  const [head, ...rest] = path as [string, ...string[]]
  if (rest.length === 0) return edit(document, head)
  const key = existingKey(document, head)
  if (key === undefined) return failed
  const child = editAt((document as Record<string | number, unknown>)[key], rest, edit)
  if (child === failed) return failed
  return Array.isArray(document)
    ? spliced(document, key as number, 1, child)
    : { ...(document as object), [key]: child }
}

/** A copy of the array with `splice` applied to it. */
function spliced(array: unknown[], index: number, remove: number, ...insert: unknown[]): unknown[] {
  const copy = array.slice()
  copy.splice(index, remove, ...insert)
  return copy
}

function addValue(value: unknown): Edit {
  return (container, token) => {
    if (Array.isArray(container)) {
      const index = arrayIndex(container, token, true)
      return index < 0 ? failed : spliced(container, index, 0, value)
    }
    if (container === null || typeof container !== 'object') return failed
    return { ...container, [token]: value }
  }
}

const removeValue: Edit = (container, token) => {
  const key = existingKey(container, token)
  if (key === undefined) return failed
  if (Array.isArray(container)) return spliced(container, key as number, 1)
  const { [key]: _removed, ...rest } = container as Record<string, unknown>
  return rest
}

function replaceValue(value: unknown): Edit {
  return (container, token) => {
    const removed = removeValue(container, token)
    return removed === failed ? failed : addValue(value)(removed, token)
  }
}

function applyOperation(document: unknown, operation: JsonPatchOperation): unknown | typeof failed {
  const path = parsePointer(operation.path)
  if (!path) return failed
  switch (operation.op) {
    case 'add':
      return path.length === 0 ? operation.value : editAt(document, path, addValue(operation.value))
    case 'remove':
      return editAt(document, path, removeValue)
    case 'replace':
      if (path.length === 0) return operation.value
      if (!getAt(document, path).found) return failed
      return editAt(document, path, replaceValue(operation.value))
    case 'test': {
      const current = getAt(document, path)
      return current.found && JSON.stringify(current.value) === JSON.stringify(operation.value)
        ? document
        : failed
    }
    case 'move':
    case 'copy': {
      const from = parsePointer(operation.from)
      if (!from) return failed
      const source = getAt(document, from)
      if (!source.found) return failed
      const base = operation.op === 'move' ? editAt(document, from, removeValue) : document
      if (base === failed) return failed
      return path.length === 0 ? source.value : editAt(base, path, addValue(source.value))
    }
  }
}
