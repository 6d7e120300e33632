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
    const value = new PartialParser(text).value()
    return value === incomplete ? undefined : value
  } catch {
    return undefined
  }
}

class PartialParser {
  private index = 0
  constructor(private readonly text: string) {}

  value(): Parsed {
    this.skipWhitespace()
    const char = this.text[this.index]
    if (char === undefined) return incomplete
    if (char === '{') return this.object()
    if (char === '[') return this.array()
    if (char === '"') return this.string().value
    if (char === '-' || (char >= '0' && char <= '9')) return this.number()
    return this.literal()
  }

  private object(): Parsed {
    this.index++
    const result: Record<string, unknown> = {}
    for (;;) {
      this.skipWhitespace()
      const char = this.text[this.index]
      if (char === undefined) return result
      if (char === '}') {
        this.index++
        return result
      }
      if (char === ',') {
        this.index++
        continue
      }
      if (char !== '"') throw new SyntaxError('expected a key')
      const key = this.string()
      if (!key.complete) return result
      this.skipWhitespace()
      if (this.text[this.index] === undefined) return result
      if (this.text[this.index] !== ':') throw new SyntaxError('expected ":"')
      this.index++
      const value = this.value()
      if (value === incomplete) return result
      result[key.value] = value
    }
  }

  private array(): Parsed {
    this.index++
    const result: unknown[] = []
    for (;;) {
      this.skipWhitespace()
      const char = this.text[this.index]
      if (char === undefined) return result
      if (char === ']') {
        this.index++
        return result
      }
      if (char === ',') {
        this.index++
        continue
      }
      const value = this.value()
      if (value === incomplete) return result
      result.push(value)
    }
  }

  private string(): { value: string; complete: boolean } {
    const start = ++this.index
    for (;;) {
      const char = this.text[this.index]
      if (char === undefined) {
        // Cut inside the string: keep what decodes, minus a dangling escape.
        const raw = this.text.slice(start).replace(/\\(u[0-9a-fA-F]{0,3})?$/, '')
        const decoded = safeJsonParse(`"${raw}"`)
        let value = decoded.ok ? (decoded.value as string) : ''
        // Half of a surrogate pair is not a character yet.
        const last = value.charCodeAt(value.length - 1)
        if (last >= 0xd800 && last <= 0xdbff) value = value.slice(0, -1)
        return { value, complete: false }
      }
      if (char === '\\') this.index += 2
      else if (char === '"') {
        this.index++
        const decoded = safeJsonParse(this.text.slice(start - 1, this.index))
        if (!decoded.ok) throw new SyntaxError(decoded.error)
        return { value: decoded.value as string, complete: true }
      } else this.index++
    }
  }

  private number(): Parsed {
    const match = /^-?\d*(\.\d*)?([eE][+-]?\d*)?/.exec(this.text.slice(this.index))
    const raw = match?.[0] ?? ''
    this.index += raw.length
    if (this.index >= this.text.length) {
      // The number may go on: only a prefix that is a number by itself counts.
      const trimmed = raw.replace(/[eE][+-]?$|\.$/, '')
      const parsed = safeJsonParse(trimmed)
      return parsed.ok ? parsed.value : incomplete
    }
    const parsed = safeJsonParse(raw)
    if (!parsed.ok) throw new SyntaxError(parsed.error)
    return parsed.value
  }

  private literal(): Parsed {
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      const rest = this.text.slice(this.index, this.index + word.length)
      if (rest === word) {
        this.index += word.length
        return value
      }
      if (this.index + rest.length === this.text.length && word.startsWith(rest)) {
        this.index = this.text.length
        return incomplete
      }
    }
    throw new SyntaxError('unexpected character')
  }

  private skipWhitespace(): void {
    while (/\s/.test(this.text[this.index] ?? '')) this.index++
  }
}
