/**
 * Records the demo's own agents (offline scripted model, no delays) into `recordings/`: the exact
 * SSE bytes `/api/agent` sends, with its headers. The Gallery replays them next to the core's
 * protocol fixtures. Run with `pnpm --filter @agentstream/demo record`.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createAgentHandler, createMemoryEventStore } from '@agentstream/server'
import { createScriptedModel } from '@agentstream/server/testing'
import { RunState, run, setTracingDisabled } from '@openai/agents'
import { createAgents } from '../server/agents'
import { RECORDINGS_DIR } from '../server/fixtures'
import { createDemoScript } from '../server/script'

interface Take {
  name: string
  input: string
  /** After an interruption: approve (true) or reject (false) every pending call, recorded as `<name>-approved` / `-rejected`. */
  approve?: boolean
}

const TAKES: Take[] = [
  { name: 'weather', input: 'What’s the weather in Oslo?' },
  { name: 'weather-two-cities', input: 'Compare the weather in Paris and Tokyo' },
  { name: 'refund', input: 'I need a refund for order A1001', approve: true },
  { name: 'order-status', input: 'Check the status of order Z999' },
  { name: 'explain', input: 'Explain how you work' },
  { name: 'model-error', input: 'Simulate a model error' },
]

const HEADERS = ['content-type', 'cache-control', 'x-accel-buffering']

export async function record(directory = join(RECORDINGS_DIR, 'openai-agents')): Promise<string[]> {
  setTracingDisabled(true)
  const model = createScriptedModel(createDemoScript({ tokenDelay: 0, thinkDelay: 0 }), {
    model: 'scripted-demo',
  })
  const handler = createAgentHandler({
    agent: createAgents(model, { tool: 0 }),
    sdk: { run, RunState },
    store: createMemoryEventStore(),
    keepAliveInterval: 0,
  })
  const written: string[] = []
  const save = async (name: string, response: Response) => {
    const body = await response.text()
    const headers = Object.fromEntries(
      HEADERS.flatMap((key) => {
        const value = response.headers.get(key)
        return value ? [[key, value]] : []
      }),
    )
    const base = join(directory, name)
    await mkdir(dirname(base), { recursive: true })
    await writeFile(`${base}.sse`, body)
    await writeFile(`${base}.headers.json`, `${JSON.stringify(headers, null, 2)}\n`)
    written.push(`${base}.sse`)
    return body
  }
  const post = (body: unknown) =>
    handler(
      new Request('http://demo.local/api/agent', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    )
  for (const take of TAKES) {
    const response = await post({ input: take.input })
    const runId = response.headers.get('x-agentstream-run-id')
    const body = await save(take.name, response)
    if (take.approve === undefined) continue
    const callIds = [...body.matchAll(/"tool_approval_requested".*?"callId":"([^"]+)"/g)].map(
      (match) => match[1]!,
    )
    const next = await post({
      runId,
      approvals: callIds.map((callId) => ({ callId, approved: take.approve })),
    })
    await save(`${take.name}-${take.approve ? 'approved' : 'rejected'}`, next)
  }
  return written
}
