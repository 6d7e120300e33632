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

function getAt(document: unknown, path: string[]): { found: boolean; value: unknown } {
  let current: unknown = document
  for (const token of path) {
    if (Array.isArray(current)) {
      const index = Number(token)
      if (!Number.isInteger(index) || index < 0 || index >= current.length)
        return { found: false, value: undefined }
      current = current[index]
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token]
    } else return { found: false, value: undefined }
  }
  return { found: true, value: current }
}

type Edit = (container: unknown, token: string) => unknown | typeof failed

function editAt(document: unknown, path: string[], edit: Edit): unknown | typeof failed {
  if (path.length === 0) return failed
  const [head, ...rest] = path as [string, ...string[]]
  if (rest.length === 0) return edit(document, head)
  if (Array.isArray(document)) {
    const index = Number(head)
    if (!Number.isInteger(index) || index < 0 || index >= document.length) return failed
    const child = editAt(document[index], rest, edit)
    if (child === failed) return failed
    const copy = document.slice()
    copy[index] = child
    return copy
  }
  if (document === null || typeof document !== 'object' || !Object.hasOwn(document, head)) return failed
  const child = editAt((document as Record<string, unknown>)[head], rest, edit)
  if (child === failed) return failed
  return { ...(document as Record<string, unknown>), [head]: child }
}

function addValue(value: unknown): Edit {
  return (container, token) => {
    if (Array.isArray(container)) {
      const index = token === '-' ? container.length : Number(token)
      if (!Number.isInteger(index) || index < 0 || index > container.length) return failed
      const copy = container.slice()
      copy.splice(index, 0, value)
      return copy
    }
    if (container === null || typeof container !== 'object') return failed
    return { ...(container as Record<string, unknown>), [token]: value }
  }
}

const removeValue: Edit = (container, token) => {
  if (Array.isArray(container)) {
    const index = Number(token)
    if (!Number.isInteger(index) || index < 0 || index >= container.length) return failed
    const copy = container.slice()
    copy.splice(index, 1)
    return copy
  }
  if (container === null || typeof container !== 'object' || !Object.hasOwn(container, token)) return failed
  const { [token]: _removed, ...rest } = container as Record<string, unknown>
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
