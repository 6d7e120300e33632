// Benchmark bodies: recorded fixtures (packages/core/src/protocols/__fixtures__) stretched to N text
// deltas. Each generator takes a recorded body's own frames as its template — the head frames, the
// delta frame(s) of the answer, the tail frames — and repeats the delta unit N times, fixing what a
// real server would have written differently for a longer answer: `sequence_number`s, AG-UI
// `timestamp`s, and every place that carries the full answer text (Responses `*.done` events,
// `response.completed`, Agents `response_done` / `message_output_created`). `verifyGenerators()`
// checks that feeding a fixture's own deltas back in reproduces that fixture byte for byte.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const fixturesDir = join(here, '../../packages/core/src/protocols/__fixtures__')

export const PROTOCOLS = ['openai-agents', 'openai-responses', 'openai-chat', 'ai-sdk', 'ag-ui', 'text']

const cache = new Map()
function fixture(protocol, name) {
  const key = `${protocol}/${name}`
  if (!cache.has(key)) {
    const body = readFileSync(join(fixturesDir, protocol, `${name}.sse`), 'utf8')
    const headers = JSON.parse(readFileSync(join(fixturesDir, protocol, `${name}.headers.json`), 'utf8'))
    cache.set(key, { body, headers, frames: parseFrames(body) })
  }
  return cache.get(key)
}

/** SSE frames of a recorded body: `{ event?, data, json? }` (every fixture writes `data: ` with one space). */
export function parseFrames(body) {
  const frames = []
  for (const block of body.split('\n\n')) {
    if (block === '') continue
    let event
    const data = []
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7)
      else if (line.startsWith('data: ')) data.push(line.slice(6))
      else throw new Error(`unexpected SSE line: ${line.slice(0, 80)}`)
    }
    const frame = { data: data.join('\n') }
    if (event !== undefined) frame.event = event
    if (frame.data.startsWith('{')) frame.json = JSON.parse(frame.data)
    frames.push(frame)
  }
  return frames
}

function serialize(frames) {
  let out = ''
  for (const frame of frames) {
    if (frame.event !== undefined) out += `event: ${frame.event}\n`
    const data = frame.json !== undefined ? JSON.stringify(frame.json) : frame.data
    for (const line of data.split('\n')) out += `data: ${line}\n`
    out += '\n'
  }
  return out
}

/** Adds `by` to every numeric field named `key`, and swaps the old full answer text for the new one. */
function adjust(value, shifts, oldText, newText) {
  if (Array.isArray(value)) return value.map((item) => adjust(item, shifts, oldText, newText))
  if (value && typeof value === 'object') {
    const out = {}
    for (const [key, item] of Object.entries(value)) {
      out[key] =
        typeof item === 'number' && shifts[key] !== undefined
          ? item + shifts[key]
          : adjust(item, shifts, oldText, newText)
    }
    return out
  }
  return value === oldText ? newText : value
}

/**
 * Replaces the contiguous run of delta units (frames `first .. first + count * unit`) by one unit per
 * new delta, cloned from the first old unit.
 */
function stretch(frames, { first, count, unit, setDelta, steps = {} }, deltas) {
  const end = first + count * unit
  const oldDeltas = []
  for (let index = first; index < end; index += unit) oldDeltas.push(setDelta(frames[index], undefined))
  const oldText = oldDeltas.join('')
  const newText = deltas.join('')
  const template = frames.slice(first, first + unit)
  const middle = []
  for (let i = 0; i < deltas.length; i++) {
    const shifts = Object.fromEntries(Object.entries(steps).map(([key, step]) => [key, i * step]))
    for (const frame of template) {
      const copy = { ...frame, json: adjust(frame.json, shifts, undefined, undefined) }
      setDelta(copy, deltas[i])
      middle.push(copy)
    }
  }
  const tailShift = Object.fromEntries(
    Object.entries(steps).map(([key, step]) => [key, (deltas.length - count) * step]),
  )
  const tail = frames
    .slice(end)
    .map((frame) =>
      frame.json !== undefined ? { ...frame, json: adjust(frame.json, tailShift, oldText, newText) } : frame,
    )
  if (
    oldText !== newText &&
    oldText.length > 8 &&
    tail.some((frame) => frame.json && JSON.stringify(frame.json).includes(oldText))
  )
    throw new Error('stretch: the old answer text is still in the tail')
  return [...frames.slice(0, first), ...middle, ...tail]
}

function runOf(frames, predicate) {
  const first = frames.findIndex(predicate)
  let last = first
  while (last + 1 < frames.length && predicate(frames[last + 1])) last++
  return { first, length: last - first + 1 }
}

// Each protocol: which recorded body is the template, where its answer's delta units are, and how to
// read / write one unit's delta. `setDelta(frame, undefined)` reads; otherwise it writes.
const specs = {
  // Tool-call fixture: turn 1 calls get_weather (raw events, tool_called, tool_output); turn 2
  // streams the answer, each token twice (output_text_delta + model/response.output_text.delta).
  'openai-agents': () => {
    const { frames, headers } = fixture('openai-agents', 'tool-call')
    const isDelta = (frame) =>
      frame.json?.data?.type === 'output_text_delta' ||
      frame.json?.data?.event?.type === 'response.output_text.delta'
    const turn2 = frames.findIndex((frame) => isDelta(frame) && frame.json.data.itemId === 'msg_tool_02')
    const { length } = runOf(frames.slice(turn2), isDelta)
    return {
      headers,
      frames,
      first: turn2,
      count: length / 2,
      unit: 2,
      steps: { sequence_number: 1 },
      setDelta(frame, delta) {
        const data = frame.json.data
        const target = data.type === 'model' ? data.event : data
        if (delta === undefined) return target.delta
        target.delta = delta
      },
    }
  },
  // Long-answer fixture (one message item), with the tool-call fixture's function_call item added
  // after it as output item 1 (the model writes its text, then calls a tool) when `toolCall`.
  'openai-responses': () => {
    const { frames, headers } = fixture('openai-responses', 'long-answer')
    const { first, length } = runOf(frames, (frame) => frame.event === 'response.output_text.delta')
    return {
      headers,
      frames,
      first,
      count: length,
      unit: 1,
      steps: { sequence_number: 1 },
      setDelta(frame, delta) {
        if (delta === undefined) return frame.json.delta
        frame.json.delta = delta
      },
      addToolCall(out) {
        const call = fixture('openai-responses', 'tool-call').frames
        const callFrames = call.filter((frame) => frame.json && frame.json.item_id === 'fc_tool_01')
        const added = call.find((frame) => frame.event === 'response.output_item.added')
        const done = call.find((frame) => frame.event === 'response.output_item.done')
        const inserted = [added, ...callFrames, done]
        const completed = out.length - 1
        if (out[completed].event !== 'response.completed') throw new Error('responses: no response.completed')
        const seq0 = out[completed].json.sequence_number
        const items = inserted.map((frame, index) => ({
          ...frame,
          json: { ...frame.json, output_index: 1, sequence_number: seq0 + index },
        }))
        const tail = structuredClone(out[completed].json)
        tail.sequence_number = seq0 + items.length
        tail.response.output.push(structuredClone(done.json.item))
        return [...out.slice(0, completed), ...items, { ...out[completed], json: tail }]
      },
    }
  },
  // Long-answer fixture, with the tool-call fixture's tool_calls fragments after the text and
  // finish_reason "tool_calls" when `toolCall`.
  'openai-chat': () => {
    const { frames, headers } = fixture('openai-chat', 'long-answer')
    const isDelta = (frame) =>
      typeof frame.json?.choices?.[0]?.delta?.content === 'string' && !frame.json.choices[0].delta.role
    const { first, length } = runOf(frames, isDelta)
    return {
      headers,
      frames,
      first,
      count: length,
      unit: 1,
      setDelta(frame, delta) {
        if (delta === undefined) return frame.json.choices[0].delta.content
        frame.json.choices[0].delta.content = delta
      },
      addToolCall(out) {
        const call = fixture('openai-chat', 'tool-call').frames
        const id = out[0].json.id
        const fragments = call
          .filter((frame) => frame.json?.choices?.[0]?.delta?.tool_calls)
          .map((frame) => ({ ...frame, json: { ...structuredClone(frame.json), id } }))
        const finish = out.findIndex((frame) => frame.json?.choices?.[0]?.finish_reason)
        const finished = structuredClone(out[finish].json)
        finished.choices[0].finish_reason = 'tool_calls'
        return [
          ...out.slice(0, finish),
          ...fragments,
          { ...out[finish], json: finished },
          ...out.slice(finish + 1),
        ]
      },
    }
  },
  // Tool-call fixture: step 1 text + get_weather (input deltas, available, output); step 2 answer.
  'ai-sdk': () => {
    const { frames, headers } = fixture('ai-sdk', 'tool-call')
    const lastTextId = frames.findLast((frame) => frame.json?.type === 'text-delta').json.id
    const isDelta = (frame) => frame.json?.type === 'text-delta' && frame.json.id === lastTextId
    const { first, length } = runOf(frames, isDelta)
    return {
      headers,
      frames,
      first,
      count: length,
      unit: 1,
      setDelta(frame, delta) {
        if (delta === undefined) return frame.json.delta
        frame.json.delta = delta
      },
    }
  },
  // Tool-call fixture: TOOL_CALL_START/ARGS/END/RESULT, then the answer message.
  'ag-ui': () => {
    const { frames, headers } = fixture('ag-ui', 'tool-call')
    const isDelta = (frame) => frame.json?.type === 'TEXT_MESSAGE_CONTENT'
    const { first, length } = runOf(frames, isDelta)
    return {
      headers,
      frames,
      first,
      count: length,
      unit: 1,
      steps: { timestamp: 10 },
      setDelta(frame, delta) {
        if (delta === undefined) return frame.json.delta
        frame.json.delta = delta
      },
    }
  },
  // Plain text: every frame is a delta; no tool calls exist in this protocol.
  text: () => {
    const { frames, headers } = fixture('text', 'long-answer')
    return {
      headers,
      frames,
      first: 0,
      count: frames.length,
      unit: 1,
      setDelta(frame, delta) {
        if (delta === undefined) return frame.data
        frame.data = delta
      },
    }
  },
}

let vocabulary
/** The answer's deltas: the recorded long answer's tokens (multi-byte UTF-8, paragraphs), cycled. */
export function answerDeltas(count) {
  vocabulary ??= fixture('ai-sdk', 'long-answer')
    .frames.filter((frame) => frame.json?.type === 'text-delta')
    .map((frame) => frame.json.delta)
  return Array.from({ length: count }, (_, index) => vocabulary[index % vocabulary.length])
}

/**
 * A body with `deltas` text deltas in the answer (plus the template's own few, for the tool-call
 * templates) and one tool call (none for `text`).
 */
export function makeBody(protocol, deltas, { toolCall = true, texts } = {}) {
  const spec = specs[protocol]()
  const answer = texts ?? answerDeltas(deltas)
  let frames = stretch(spec.frames, spec, answer)
  if (toolCall && spec.addToolCall) frames = spec.addToolCall(frames)
  const body = serialize(frames)
  return {
    protocol,
    deltas: answer.length,
    answer: answer.join(''),
    toolCall: protocol !== 'text' && toolCall,
    headers: spec.headers,
    frames: frames.length,
    body,
    bytes: Buffer.byteLength(body),
  }
}

/** Regenerates each template fixture from its own deltas: must give the recorded bytes exactly. */
export function verifyGenerators() {
  const results = []
  for (const protocol of PROTOCOLS) {
    const spec = specs[protocol]()
    const own = []
    for (let index = spec.first; index < spec.first + spec.count * spec.unit; index += spec.unit)
      own.push(spec.setDelta(spec.frames[index], undefined))
    const name =
      protocol === 'openai-agents' || protocol === 'ai-sdk' || protocol === 'ag-ui'
        ? 'tool-call'
        : 'long-answer'
    const regenerated = makeBody(protocol, own.length, { toolCall: false, texts: own }).body
    const recorded = fixture(protocol, name).body
    results.push({ protocol, fixture: `${protocol}/${name}.sse`, identical: regenerated === recorded })
  }
  return results
}
