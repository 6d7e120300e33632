/** The demo server's own endpoints (see `server/api.ts`). */

export interface DemoInfo {
  model: 'scripted' | 'openai'
  modelName: string
  prompts: string[]
}

export interface FixtureInfo {
  protocol: string
  name: string
  url: string
  bytes: number
  broken: boolean
  status: string
  error: string | null
}

export const PROTOCOLS = [
  'openai-agents',
  'openai-responses',
  'openai-chat',
  'ai-sdk',
  'ag-ui',
  'text',
] as const

export const PROTOCOL_LABELS: Record<string, string> = {
  'openai-agents': 'OpenAI Agents SDK',
  'openai-responses': 'OpenAI Responses',
  'openai-chat': 'Chat Completions',
  'ai-sdk': 'Vercel AI SDK',
  'ag-ui': 'AG-UI',
  text: 'Plain text',
}

let info: Promise<DemoInfo> | undefined
export function fetchInfo(): Promise<DemoInfo> {
  info ??= fetch('/api/info').then((response) => {
    if (!response.ok) throw new Error(`/api/info answered ${response.status}`)
    return response.json() as Promise<DemoInfo>
  })
  info.catch(() => {
    info = undefined
  })
  return info
}

let fixtures: Promise<FixtureInfo[]> | undefined
export function fetchFixtures(): Promise<FixtureInfo[]> {
  fixtures ??= fetch('/api/fixtures').then((response) => {
    if (!response.ok) throw new Error(`/api/fixtures answered ${response.status}`)
    return response.json() as Promise<FixtureInfo[]>
  })
  fixtures.catch(() => {
    fixtures = undefined
  })
  return fixtures
}

/** A fixture's raw bytes and recorded headers (replayed at once). */
export async function fetchFixtureBody(
  fixture: Pick<FixtureInfo, 'url'>,
): Promise<{ bytes: Uint8Array; headers: Headers }> {
  const response = await fetch(`${fixture.url}?pace=0`)
  if (!response.ok) throw new Error(`${fixture.url} answered ${response.status}`)
  return { bytes: new Uint8Array(await response.arrayBuffer()), headers: response.headers }
}
