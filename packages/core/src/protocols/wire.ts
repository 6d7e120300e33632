import type { AgentStreamError } from '../events'
import { safeJsonParse } from '../utils/safe-json'
import type { Emit, SseMessage } from './types'

/** A JSON object from the wire, read field by field with the guards below. */
export type WireObject = Record<string, unknown>

/** The object in `value`, or `undefined`: the boundary's only way into untrusted JSON. */
export function asObject(value: unknown): WireObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as WireObject)
    : undefined
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : []
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/**
 * Parses a frame's JSON data into an object. A frame that is not valid JSON (or not an object)
 * becomes a `frame-skipped` event and `undefined`, so decoding goes on.
 */
export function parseFrame(message: SseMessage, emit: Emit): WireObject | undefined {
  const parsed = safeJsonParse(message.data)
  const object = parsed.ok ? asObject(parsed.value) : undefined
  if (!object) {
    emit({
      type: 'frame-skipped',
      reason: parsed.ok ? 'The frame is JSON but not an object.' : `Invalid JSON: ${parsed.error}`,
      data: message.data.length > 1024 ? `${message.data.slice(0, 1024)}…` : message.data,
    })
  }
  return object
}

/** The error message a wire error object carries, in the shapes the protocols use. */
export function wireErrorMessage(value: unknown, fallback: string): string {
  if (typeof value === 'string' && value) return value
  const object = asObject(value)
  if (!object) return fallback
  return (
    asString(object.message) ??
    asString(object.errorText) ??
    (object.error !== undefined ? wireErrorMessage(object.error, fallback) : undefined) ??
    fallback
  )
}

/** A server error as the kit keeps it. */
export function serverError(message: string, code?: unknown): AgentStreamError {
  const codeText = typeof code === 'string' ? code : typeof code === 'number' ? String(code) : undefined
  return codeText ? { kind: 'server', message, code: codeText } : { kind: 'server', message }
}
