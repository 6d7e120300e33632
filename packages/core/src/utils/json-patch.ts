import type { JsonPatchOperation } from '../events'

/**
 * Applies an RFC 6902 JSON Patch without mutating `document`: untouched branches keep their
 * identity. An operation that cannot apply (a missing path, a failed `test`, an unknown `op`) stops
 * the patch and the document is returned as it was before the patch, as RFC 6902 requires.
 *
 * @example
 * ```ts
 * applyJsonPatch({ count: 1 }, [{ op: 'replace', path: '/count', value: 2 }]) // { count: 2 }
 * ```
 */
export function applyJsonPatch(document: unknown, patch: readonly JsonPatchOperation[]): unknown {
  try {
    return patch.reduce(applyOperation, document)
  } catch (error) {
    // Only an operation that cannot apply is the patch's failure; anything else is a bug to report.
    if (error !== failed) throw error
    return document
  }
}

const failed = Symbol('failed')

/** An operation cannot apply: unwinds the whole patch (see {@link applyJsonPatch}). */
function fail(): never {
  throw failed
}

type Container = Record<string | number, unknown>

function applyOperation(document: unknown, operation: JsonPatchOperation): unknown {
  const path = parsePointer(operation.path)
  let value = (operation as { value?: unknown }).value
  switch (operation.op) {
    case 'test':
      if (JSON.stringify(valueAt(document, path)) !== JSON.stringify(value)) fail()
      return document
    case 'remove':
      return editAt(document, path, remove)
    case 'replace':
      // The whole document is replaced without a removal (there is nothing to remove it from).
      if (path.length) document = editAt(document, path, remove)
      break
    case 'move':
    case 'copy': {
      const from = parsePointer(operation.from)
      value = valueAt(document, from)
      if (operation.op === 'move') document = editAt(document, from, remove)
      break
    }
    case 'add':
      break
    default:
      fail()
  }
  return path.length ? editAt(document, path, add(value)) : value
}

function parsePointer(pointer: string): string[] {
  const [root, ...tokens] = pointer.split('/')
  // A pointer is empty (the whole document) or starts with `/`.
  if (root) fail()
  return tokens.map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function isObject(value: unknown): value is Container {
  return value !== null && typeof value === 'object'
}

/** The index a token names in an array; `-` and the length itself only where one adds. */
function arrayIndex(array: unknown[], token: string, adding?: boolean): number {
  const index = adding && token === '-' ? array.length : Number(token)
  return Number.isInteger(index) && index >= 0 && index <= array.length - (adding ? 0 : 1) ? index : fail()
}

/** Where a token leads in a container: an existing array index or own key. */
function existingKey(container: unknown, token: string): number | string {
  if (Array.isArray(container)) return arrayIndex(container, token)
  return isObject(container) && Object.hasOwn(container, token) ? token : fail()
}

function valueAt(document: unknown, path: string[]): unknown {
  return path.reduce((value, token) => (value as Container)[existingKey(value, token)], document)
}

/** A copy of the array with `splice` applied to it. */
function spliced(array: unknown[], index: number, remove: number, ...insert: unknown[]): unknown[] {
  const copy = array.slice()
  copy.splice(index, remove, ...insert)
  return copy
}

type Edit = (container: unknown, token: string) => unknown

/** Applies `edit` to the container the path ends in, copying only the containers along the way. */
function editAt(document: unknown, path: string[], edit: Edit, depth = 0): unknown {
  const token = path[depth] ?? fail()
  if (depth === path.length - 1) return edit(document, token)
  const key = existingKey(document, token)
  const child = editAt((document as Container)[key], path, edit, depth + 1)
  return Array.isArray(document)
    ? spliced(document, key as number, 1, child)
    : { ...(document as Container), [key]: child }
}

function add(value: unknown): Edit {
  return (container, token) => {
    if (Array.isArray(container)) return spliced(container, arrayIndex(container, token, true), 0, value)
    return isObject(container) ? { ...container, [token]: value } : fail()
  }
}

const remove: Edit = (container, token) => {
  const key = existingKey(container, token)
  if (Array.isArray(container)) return spliced(container, key as number, 1)
  const { [key]: _removed, ...rest } = container as Container
  return rest
}
