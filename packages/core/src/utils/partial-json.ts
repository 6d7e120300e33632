import { safeJsonParse } from './safe-json'

const incomplete = Symbol('incomplete')
type Parsed = unknown | typeof incomplete

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
  const whole = safeJsonParse(text)
  if (whole.ok) return whole.value
  try {
    const value = parsePrefix(text)
    return value === incomplete ? undefined : value
  } catch {
    return undefined
  }
}

/**
 * Parses JSON whole where it can and in part where the text ends; throws (anything: the caller only
 * needs to know that the text is not JSON) where it is not JSON.
 */
function parsePrefix(text: string): Parsed {
  // A recursive descent parser over `text`; `index` is the next character to read. Closures rather
  // than a class, so that the bundle minifies the helpers' names.
  let index = 0

  const notJson = (): never => {
    throw new SyntaxError()
  }

  const skipWhitespace = () => {
    while (/\s/.test(text[index] ?? '')) index++
  }

  const value = (): Parsed => {
    skipWhitespace()
    const char = text[index]
    if (char === undefined) return incomplete
    if (char === '{' || char === '[') return container(char === '{')
    if (char === '"') return string().value
    if (char === '-' || (char >= '0' && char <= '9')) return number()
    return literal()
  }

  /** An object or an array: what parsed before the text ended is kept. */
  const container = (isObject: boolean): Parsed => {
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
        const name = string()
        if (!name.complete) return result
        skipWhitespace()
        if (text[index] === undefined) return result
        if (text[index++] !== ':') notJson()
        key = name.value
      }
      const item = value()
      if (item === incomplete) return result
      ;(result as Record<string | number, unknown>)[key] = item
    }
  }

  const string = (): { value: string; complete: boolean } => {
    const start = index++
    for (;;) {
      const char = text[index]
      if (char === '"') return { value: JSON.parse(text.slice(start, ++index)), complete: true }
      if (char === undefined) {
        // Cut inside the string: keep what decodes, minus a dangling escape.
        const raw = text.slice(start + 1).replace(/\\(u[0-9a-fA-F]{0,3})?$/, '')
        const decoded = safeJsonParse(`"${raw}"`)
        let value = decoded.ok ? (decoded.value as string) : ''
        // Half of a surrogate pair is not a character yet.
        const last = value.charCodeAt(value.length - 1)
        if (last >= 0xd800 && last <= 0xdbff) value = value.slice(0, -1)
        return { value, complete: false }
      }
      index += char === '\\' ? 2 : 1
    }
  }

  const number = (): Parsed => {
    const raw = /^-?\d*(\.\d*)?([eE][+-]?\d*)?/.exec(text.slice(index))?.[0] ?? ''
    index += raw.length
    if (index < text.length) return JSON.parse(raw)
    // The number may go on: only a prefix that is a number by itself counts.
    const parsed = safeJsonParse(raw.replace(/[eE][+-]?$|\.$/, ''))
    return parsed.ok ? parsed.value : incomplete
  }

  const literal = (): Parsed => {
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      const rest = text.slice(index, index + word.length)
      if (rest === word) {
        index += word.length
        return value
      }
      if (index + rest.length === text.length && word.startsWith(rest)) {
        index = text.length
        return incomplete
      }
    }
    return notJson()
  }

  return value()
}
