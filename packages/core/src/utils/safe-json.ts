/**
 * The result of {@link safeJsonParse}.
 *
 * @example
 * ```ts
 * const result: SafeJsonResult = safeJsonParse('{}')
 * ```
 */
export type SafeJsonResult = { ok: true; value: unknown } | { ok: false; error: string }

/**
 * `JSON.parse` that never throws: the one place the kit parses JSON that came over the wire.
 *
 * @example
 * ```ts
 * const result = safeJsonParse(frame.data)
 * if (!result.ok) console.warn(result.error)
 * ```
 */
export function safeJsonParse(text: string): SafeJsonResult {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, error: errorMessage(error) }
  }
}

/** `JSON.parse`, or `undefined` (which no JSON value is) where the text is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The message of anything thrown (an `Error`'s message, or the thrown value as text). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
