import { parseJson } from './safe-json'

/**
 * Best-effort parse of a JSON text that may be cut off anywhere (streaming tool arguments or
 * structured output): open strings, arrays and objects are closed, a key without a value and a
 * half-written number or literal are dropped. Returns `undefined` when nothing usable is there yet
 * or the text is not JSON.
 *
 * @example
 * ```ts
 * parsePartialJson('{"city": "Os') // { city: 'Os' }
 * parsePartialJson('[1, 2, tr')    // [1, 2]
 * ```
 */
export function parsePartialJson(text: string): unknown {
  try {
    // Whole JSON parses natively (`null` falls through and parses to null again).
    return parseJson(text) ?? parsePrefix(text)
  } catch {
    return undefined
  }
}

/**
 * Parses JSON whole where it can and in part where the text ends; throws (anything: the caller only
 * needs to know that the text is not JSON) where it is not JSON. `undefined` (which no JSON value
 * is) means the text ended before a value.
 */
function parsePrefix(text: string): unknown {
  // A recursive descent parser over `text`; `index` is the next character to read. Closures rather
  // than a class, so that the bundle minifies the helpers' names.
  let index = 0

  const notJson = (): never => {
    throw new SyntaxError()
  }

  const skipWhitespace = () => {
    while (/\s/.test(text[index] ?? '')) index++
  }

  const value = (): unknown => {
    skipWhitespace()
    const char = text[index]
    if (char === undefined) return undefined
    if (char === '{' || char === '[') return container(char === '{')
    if (char === '"') return string()
    if (/[-\d]/.test(char)) return number()
    return literal()
  }

  /** An object or an array: what parsed before the text ended is kept. */
  const container = (isObject: boolean): unknown => {
    index++
    const result: Record<string, unknown> | unknown[] = isObject ? {} : []
    for (;;) {
      skipWhitespace()
      const char = text[index]
      if (char === undefined) return result
      if (char === ',') {
        index++
        continue
      }
      if (char === (isObject ? '}' : ']')) {
        index++
        return result
      }
      let key: string | number = (result as unknown[]).length
      if (isObject) {
        if (char !== '"') notJson()
        // A key cut short leaves the text at its end, like a key without its colon.
        key = string()
        skipWhitespace()
        if (text[index] === undefined) return result
        if (text[index++] !== ':') notJson()
      }
      const item = value()
      if (item === undefined) return result
      ;(result as Record<string | number, unknown>)[key] = item
    }
  }

  const string = (): string => {
    const start = index++
    for (;;) {
      const char = text[index]
      if (char === '"') return JSON.parse(text.slice(start, ++index))
      if (char === undefined) {
        // Cut inside the string: keep what decodes, minus a dangling escape.
        const raw = text.slice(start + 1).replace(/\\(u[0-9a-fA-F]{0,3})?$/, '')
        const decoded = (parseJson(`"${raw}"`) ?? '') as string
        // Half of a surrogate pair is not a character yet.
        return decoded.replace(/[\ud800-\udbff]$/, '')
      }
      index += char === '\\' ? 2 : 1
    }
  }

  const number = (): unknown => {
    const raw = /^-?\d*(\.\d*)?([eE][+-]?\d*)?/.exec(text.slice(index))![0]
    index += raw.length
    // The number may go on: only a prefix that is a number by itself counts.
    return index < text.length ? JSON.parse(raw) : parseJson(raw.replace(/[eE][+-]?$|\.$/, ''))
  }

  /** `true`, `false` or `null`, or the start of one where the text ends. */
  const literal = (): unknown => {
    for (const word of ['true', 'false', 'null']) {
      const rest = text.slice(index, index + word.length)
      if (word.startsWith(rest)) {
        index += rest.length
        return rest === word ? JSON.parse(word) : undefined
      }
    }
    return notJson()
  }

  return value()
}
