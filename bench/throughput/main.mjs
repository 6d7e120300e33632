// Headless throughput: bytes → final run state, ours vs the bare JSON.parse floor vs the AI SDK's
// own client-side processing, on the same bytes, in the same process. Bundled by run.mjs (workspace
// packages from source) and run with --expose-gc.
//   node --expose-gc .out/throughput.mjs [--sizes=1000,10000,100000] [--protocols=ai-sdk,...]
//                                        [--runs=7] [--warmup=2] [--no-history]
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import {
  createAgentStream,
  decodeBody,
  initialRunState,
  messageText,
  reduce,
  selectMessages,
} from '@agentstream/core'
import { createReplayFetch, replayStream, splitBytes } from '@agentstream/core/testing'
import { Chat } from '@ai-sdk/react'
import { DefaultChatTransport, parseJsonEventStream, readUIMessageStream, uiMessageChunkSchema } from 'ai'
import { makeBody, PROTOCOLS } from '../bodies/index.mjs'
import { outDir } from '../lib/build.mjs'
import { fmt, median, peakHeap, printTable } from '../lib/measure.mjs'

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=')
    return [key, value ?? 'true']
  }),
)
const sizes = (args.sizes ?? '1000,10000,100000').split(',').map(Number)
const protocols = args.protocols ? args.protocols.split(',') : PROTOCOLS
// Median of ≥ 7 runs; more for the small bodies, whose runs are short and noisier.
const runsFor = (size) => Number(args.runs ?? (size <= 1000 ? 31 : size <= 10_000 ? 15 : 7))
const warmup = Number(args.warmup ?? 2)
// Network-sized reads for every stream-fed path (ours and the AI SDK's alike).
const CHUNK = 64 * 1024
const URL_ = 'http://bench.test/api/chat'

const loadStart = loadavg()[0].toFixed(2)
if (!globalThis.gc) console.error('note: run with --expose-gc for stable timings and heap figures')

// ---------- the paths under test ----------

/** The floor: split into frames, JSON.parse each data line. No events, no state. */
function floor(bytes, protocol, tick) {
  const text = new TextDecoder().decode(bytes)
  let parsed = 0
  for (const frame of text.split('\n\n')) {
    let data = ''
    for (const line of frame.split('\n')) {
      if (line.startsWith('data:')) data += (data ? '\n' : '') + line.slice(line.charCodeAt(5) === 32 ? 6 : 5)
    }
    if (!data || data === '[DONE]') continue
    if (protocol !== 'text') JSON.parse(data)
    parsed++
    tick?.()
  }
  return parsed
}

function oursDecodeBody(chunks, headers, tick) {
  return decodeBody(chunks, { headers, ...(tick ? { onEvent: tick } : {}) })
}

async function oursStore(bytes, headers, batch, tick, initialState) {
  const fetch = createReplayFetch([{ body: bytes, headers, chunkSizes: CHUNK }])
  const store = createAgentStream({
    url: URL_,
    fetch,
    batch,
    ...(tick ? { onEvent: tick } : {}),
    ...(initialState ? { initialState } : {}),
  })
  let notified = 0
  store.subscribe(() => notified++)
  await store.send('Hi')
  return store.getState()
}

/** The AI SDK's own client-side processing: what DefaultChatTransport + readUIMessageStream do. */
async function aiReadUIMessageStream(bytes, tick) {
  const stream = parseJsonEventStream({
    stream: replayStream(bytes, { chunkSizes: CHUNK }),
    schema: uiMessageChunkSchema,
  }).pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        if (!chunk.success) throw chunk.error
        tick?.()
        controller.enqueue(chunk.value)
      },
    }),
  )
  let last
  for await (const message of readUIMessageStream({ stream })) last = message
  return last
}

/** The AI SDK's Chat class (what useChat drives) over DefaultChatTransport, one subscriber. */
async function aiChat(bytes, headers, tick, messages) {
  const fetch = createReplayFetch([{ body: bytes, headers, chunkSizes: CHUNK }])
  class Transport extends DefaultChatTransport {
    processResponseStream(stream) {
      const chunks = super.processResponseStream(stream)
      if (!tick) return chunks
      return chunks.pipeThrough(
        new TransformStream({
          transform(chunk, controller) {
            tick()
            controller.enqueue(chunk)
          },
        }),
      )
    }
  }
  const chat = new Chat({
    transport: new Transport({ api: URL_, fetch }),
    ...(messages ? { messages } : {}),
  })
  let notified = 0
  chat['~registerMessagesCallback'](() => notified++)
  await chat.sendMessage({ text: 'Hi' })
  if (chat.error) throw chat.error
  return chat.messages.at(-1)
}

// ---------- checks: every path must end with the whole answer and the tool call ----------

function checkOurs(state, body, label) {
  const text = selectMessages(state)
    .filter((message) => message.role === 'assistant')
    .map(messageText)
    .join('')
  const ok = text.includes(body.answer) && (!body.toolCall || state.toolCallIds.length === 1)
  if (!ok || state.status === 'error')
    throw new Error(
      `${label}: wrong final state (status ${state.status}, text ${text.length}/${body.answer.length}, tools ${state.toolCallIds.length})`,
    )
}

function checkAi(message, body, label) {
  const text = message.parts
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('')
  const tools = message.parts.filter((part) => part.type.startsWith('tool-'))
  if (!text.includes(body.answer) || tools.length !== 1)
    throw new Error(`${label}: wrong final message (text ${text.length}/${body.answer.length})`)
}

// ---------- run ----------

const records = []
const emit = (record) => {
  records.push(record)
  console.log(JSON.stringify(record))
}

/**
 * Times several paths over the same body with their runs interleaved (round robin), so that load
 * from other processes on the machine falls on all of them alike. No forced GC between timed runs:
 * a forced full GC (`gc()`) before each run made the next run several times slower (3.5× for
 * decodeBody, 5× for the AI SDK on the 1k bodies): garbage is collected as it would be in an app.
 */
async function measureBody(body, cases, runs) {
  for (const entry of cases) entry.check(await entry.run())
  for (let i = 0; i < warmup; i++) for (const entry of cases) await entry.run()
  const times = cases.map(() => [])
  const cpu = cases.map(() => [])
  for (let r = 0; r < runs; r++) {
    for (const [index, entry] of cases.entries()) {
      const cpuStart = process.cpuUsage()
      const start = performance.now()
      await entry.run()
      times[index].push(performance.now() - start)
      const used = process.cpuUsage(cpuStart)
      cpu[index].push((used.user + used.system) / 1000)
    }
  }
  const results = {}
  for (const [index, entry] of cases.entries()) {
    const heap = await peakHeap((tick) => entry.run(tick))
    const sorted = times[index]
    const time = median(sorted)
    const record = {
      bench: 'throughput',
      protocol: body.protocol,
      deltas: body.deltas,
      toolCall: body.toolCall,
      bytes: body.bytes,
      frames: body.frames,
      method: entry.method,
      medianMs: +time.toFixed(2),
      // Process CPU time (all threads): less disturbed than wall time by other processes' load.
      cpuMedianMs: +median(cpu[index]).toFixed(2),
      minMs: +Math.min(...sorted).toFixed(2),
      maxMs: +Math.max(...sorted).toFixed(2),
      runs,
      deltasPerSec: Math.round(body.deltas / (time / 1000)),
      mbPerSec: +(body.bytes / 1e6 / (time / 1000)).toFixed(1),
      peakHeapMB: +heap.toFixed(1),
    }
    emit(record)
    results[entry.key] = record
  }
  return results
}

/** Median ms of each function, runs interleaved, after the warm-up. */
async function interleaved(fns, count) {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn()
  const times = fns.map(() => [])
  for (let r = 0; r < count; r++) {
    for (const [index, fn] of fns.entries()) {
      const start = performance.now()
      await fn()
      times[index].push(performance.now() - start)
    }
  }
  return times.map((list) => ({ median: median(list) }))
}

const ratios = []
for (const protocol of protocols) {
  for (const size of sizes) {
    const body = makeBody(protocol, size)
    const bytes = new TextEncoder().encode(body.body)
    const chunks = splitBytes(bytes, CHUNK)
    const { headers } = body
    const label = `${protocol} ${size}`
    const ours = (state) => checkOurs(state, body, label)
    const theirs = (message) => checkAi(message, body, label)
    const cases = [
      {
        key: 'floor',
        method: 'floor: JSON.parse frames',
        run: (tick) => floor(bytes, protocol, tick),
        check: (count) => {
          if (count < size) throw new Error(`${label}: floor saw ${count} frames`)
        },
      },
      {
        key: 'decodeBody',
        method: 'ours: decodeBody',
        run: (tick) => oursDecodeBody(chunks, headers, tick),
        check: ours,
      },
      {
        key: 'storeSync',
        method: "ours: store batch 'sync'",
        run: (tick) => oursStore(bytes, headers, 'sync', tick),
        check: ours,
      },
      {
        key: 'storeFrame',
        method: "ours: store batch 'frame'",
        run: (tick) => oursStore(bytes, headers, 'frame', tick),
        check: ours,
      },
    ]
    if (protocol === 'ai-sdk') {
      cases.push(
        {
          key: 'aiRead',
          method: 'ai: readUIMessageStream',
          run: (tick) => aiReadUIMessageStream(bytes, tick),
          check: theirs,
        },
        {
          key: 'aiChat',
          method: 'ai: Chat + DefaultChatTransport',
          run: (tick) => aiChat(bytes, headers, tick),
          check: theirs,
        },
      )
    }
    const results = await measureBody(body, cases, runsFor(size))
    const row = {
      bench: 'throughput-ratio',
      protocol,
      deltas: body.deltas,
      // Rates relative to the floor's rate (= floor time / our time).
      decodeBodyVsFloor: +(results.floor.medianMs / results.decodeBody.medianMs).toFixed(3),
      storeSyncVsFloor: +(results.floor.medianMs / results.storeSync.medianMs).toFixed(3),
      storeFrameVsFloor: +(results.floor.medianMs / results.storeFrame.medianMs).toFixed(3),
      decodeBodyVsFloorCpu: +(results.floor.cpuMedianMs / results.decodeBody.cpuMedianMs).toFixed(3),
    }
    if (results.aiRead) {
      // How many times faster than the AI SDK's processing of the same bytes.
      row.decodeBodyVsAiRead = +(results.aiRead.medianMs / results.decodeBody.medianMs).toFixed(2)
      row.storeFrameVsAiChat = +(results.aiChat.medianMs / results.storeFrame.medianMs).toFixed(2)
      row.storeSyncVsAiChat = +(results.aiChat.medianMs / results.storeSync.medianMs).toFixed(2)
      row.decodeBodyVsAiReadCpu = +(results.aiRead.cpuMedianMs / results.decodeBody.cpuMedianMs).toFixed(2)
      row.storeFrameVsAiChatCpu = +(results.aiChat.cpuMedianMs / results.storeFrame.cpuMedianMs).toFixed(2)
    }
    emit(row)
    ratios.push(row)
  }
}

// ---------- per-delta cost with a long history ----------

function historyState(count) {
  let state = initialRunState
  for (let i = 0; i < count / 2; i++) {
    state = reduce(state, { type: 'user-message', id: `u${i}`, text: `Question number ${i}?` })
    state = reduce(state, { type: 'request-start' })
    state = reduce(state, { type: 'text-delta', messageId: `a${i}`, delta: `Answer number ${i}.` })
    state = reduce(state, { type: 'run-finish', outcome: 'done' })
  }
  return state
}

function historyUiMessages(count) {
  const messages = []
  for (let i = 0; i < count / 2; i++) {
    messages.push({ id: `u${i}`, role: 'user', parts: [{ type: 'text', text: `Question number ${i}?` }] })
    messages.push({
      id: `a${i}`,
      role: 'assistant',
      parts: [{ type: 'text', text: `Answer number ${i}.`, state: 'done' }],
    })
  }
  return messages
}

const historyRows = []
if (args['no-history'] === undefined) {
  const HISTORY = 10_000
  const DELTAS = 10_000
  const body = makeBody('ai-sdk', DELTAS)
  const bytes = new TextEncoder().encode(body.body)
  const history = historyState(HISTORY)
  if (history.messages.length !== HISTORY) throw new Error('history: wrong message count')
  const uiHistory = historyUiMessages(HISTORY)
  const events = []
  decodeBody(bytes, { headers: body.headers, onEvent: (event) => events.push(event) })
  const fold = (base) => {
    let state = reduce(base, { type: 'request-start' })
    for (const event of events) state = reduce(state, event)
    return reduce(state, { type: 'request-end' })
  }
  const consume = async (base) => {
    const store = createAgentStream({ batch: 'sync', ...(base ? { initialState: base } : {}) })
    let notified = 0
    store.subscribe(() => notified++)
    await store.consume(bytes, { headers: body.headers })
    return store.getState()
  }
  const cases = [
    ['ours: reduce (events of the body)', () => fold(initialRunState), () => fold(history)],
    ["ours: store.consume batch 'sync'", () => consume(undefined), () => consume(history)],
    [
      'ai: Chat + DefaultChatTransport',
      () => aiChat(bytes, body.headers),
      () => aiChat(bytes, body.headers, undefined, uiHistory),
    ],
  ]
  for (const [method, empty, full] of cases) {
    const [a, b] = await interleaved([empty, full], 15)
    const row = {
      bench: 'throughput-history',
      protocol: 'ai-sdk',
      deltas: body.deltas,
      historyMessages: HISTORY,
      method,
      emptyMs: +a.median.toFixed(2),
      historyMs: +b.median.toFixed(2),
      usPerDeltaEmpty: +((a.median * 1000) / body.deltas).toFixed(3),
      usPerDeltaHistory: +((b.median * 1000) / body.deltas).toFixed(3),
      ratio: +(b.median / a.median).toFixed(2),
    }
    emit(row)
    historyRows.push(row)
  }
}

// ---------- tables ----------

console.log(
  `\nHeadless throughput (median of 31 / 15 / 7 interleaved runs for 1k / 10k / 100k after ${warmup} warm-up; 64 KiB chunks; load average ${loadStart} → ${loadavg()[0].toFixed(2)})`,
)
printTable(
  records
    .filter((record) => record.bench === 'throughput')
    .map((record) => ({
      protocol: record.protocol,
      deltas: record.deltas,
      MB: fmt(record.bytes / 1e6, 2),
      method: record.method,
      'median ms': fmt(record.medianMs, 1),
      'cpu ms': fmt(record.cpuMedianMs, 1),
      'deltas/s': record.deltasPerSec.toLocaleString('en-US'),
      'MB/s': fmt(record.mbPerSec, 1),
      'peak heap MB': fmt(record.peakHeapMB, 1),
    })),
)
console.log('\nRatios (rate vs floor: ≥ 0.40 is the target; × faster than the AI SDK: ≥ 10 is the target)')
printTable(
  ratios.map((row) => ({
    protocol: row.protocol,
    deltas: row.deltas,
    'decodeBody/floor': fmt(row.decodeBodyVsFloor, 2),
    '(cpu)': fmt(row.decodeBodyVsFloorCpu, 2),
    'store sync/floor': fmt(row.storeSyncVsFloor, 2),
    'store frame/floor': fmt(row.storeFrameVsFloor, 2),
    'decodeBody vs ai read': row.decodeBodyVsAiRead ? `${fmt(row.decodeBodyVsAiRead, 1)}×` : '',
    '(cpu) ': row.decodeBodyVsAiReadCpu ? `${fmt(row.decodeBodyVsAiReadCpu, 1)}×` : '',
    'store vs ai Chat': row.storeFrameVsAiChat ? `${fmt(row.storeFrameVsAiChat, 1)}×` : '',
    '(cpu)  ': row.storeFrameVsAiChatCpu ? `${fmt(row.storeFrameVsAiChatCpu, 1)}×` : '',
  })),
)
if (historyRows.length) {
  console.log('\nPer-delta cost with 10,000 earlier messages (10k-delta AI SDK body)')
  printTable(
    historyRows.map((row) => ({
      method: row.method,
      'µs/delta, empty': fmt(row.usPerDeltaEmpty, 3),
      'µs/delta, 10k history': fmt(row.usPerDeltaHistory, 3),
      'history / empty': fmt(row.ratio, 2),
    })),
  )
}
writeFileSync(join(outDir, 'throughput.json'), JSON.stringify(records, null, 1))
