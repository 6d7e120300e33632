import type { AgentEvent, AgentStreamError } from '../events'
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

/** A string with something in it, or `undefined`: for ids and names, where empty means absent. */
export function asNonEmptyString(value: unknown): string | undefined {
  return asString(value) || undefined
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : []
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/** The JSON object in a text, or `undefined` when the text is not one. */
export function parseObject(text: string): WireObject | undefined {
  const parsed = safeJsonParse(text)
  return parsed.ok ? asObject(parsed.value) : undefined
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
  // A nested `error` (or none: then the fallback) says it when the object itself does not.
  return asString(object.message) ?? asString(object.errorText) ?? wireErrorMessage(object.error, fallback)
}

/** A server error as the kit keeps it. */
export function serverError(message: string, code?: unknown): AgentStreamError {
  const codeText = typeof code === 'string' || typeof code === 'number' ? String(code) : ''
  return codeText ? { kind: 'server', message, code: codeText } : { kind: 'server', message }
}

/** The run error a wire error object describes. */
export function runError(value: unknown, fallback: string, code?: unknown): AgentEvent {
  return { type: 'run-error', error: serverError(wireErrorMessage(value, fallback), code) }
}

/** Reports the usage a frame carries, when it carries one. */
export function emitUsage(usage: unknown, emit: Emit): void {
  if (usage != null) emit({ type: 'usage', usage })
}

/** A frame the decoder has no use for, reported for inspectors under its `type`. */
export function unknownFrame(frame: WireObject): AgentEvent {
  return { type: 'unknown', name: asString(frame.type) || 'untyped', raw: frame }
}

/** Adds `value` to `set`; true when it was not there yet (the first start of a block or a call). */
export function addNew<T>(set: Set<T>, value: T): boolean {
  const isNew = !set.has(value)
  set.add(value)
  return isNew
}

/** Ends every call in `calls` (calls the protocol never ends on its own) and forgets them. */
export function endCalls(calls: Set<string>, emit: Emit): void {
  for (const callId of calls) emit({ type: 'tool-call-end', callId })
  calls.clear()
}
