/**
 * The recorded protocol fixtures of `@agentstream/core`, listed and replayed at a chosen pace.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

export const FIXTURES_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../packages/core/src/protocols/__fixtures__',
)

/** Streams recorded from the demo's own agents (`scripts/record.ts`), for the Gallery. */
export const RECORDINGS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../recordings')

export interface FixtureInfo {
  /** `openai-chat`, `ag-ui`, … */
  protocol: string
  /** `text`, `broken/truncated`, … */
  name: string
  /** Where to replay it: `/api/fixtures/<protocol>/<name>`. */
  url: string
  bytes: number
  broken: boolean
  /** The expected outcome, from `<name>.summary.json`. */
  status: string
  error: string | null
}

async function walk(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true })
  const files: string[] = []
  for (const entry of entries) {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) files.push(...(await walk(path)))
    else if (entry.name.endsWith('.sse')) files.push(path)
  }
  return files
}

const caches = new Map<string, Promise<FixtureInfo[]>>()

/** Every recorded fixture, grouped by protocol, base fixtures before broken variants. */
export function listFixtures(directory = FIXTURES_DIR, urlBase = '/api/fixtures'): Promise<FixtureInfo[]> {
  const key = `${directory}\u0000${urlBase}`
  const cached = caches.get(key)
  if (cached) return cached
  const cache = (async () => {
    const files = await walk(directory)
    const fixtures = await Promise.all(
      files.map(async (file): Promise<FixtureInfo> => {
        const path = relative(directory, file)
          .split(sep)
          .join('/')
          .replace(/\.sse$/, '')
        const [protocol, ...rest] = path.split('/')
        const name = rest.join('/')
        const summary = JSON.parse(
          await readFile(file.replace(/\.sse$/, '.summary.json'), 'utf8').catch(() => '{}'),
        )
        return {
          protocol: protocol!,
          name,
          url: `${urlBase}/${protocol}/${name}`,
          bytes: (await stat(file)).size,
          broken: name.startsWith('broken/'),
          status: String(summary.status ?? 'unknown'),
          error: typeof summary.error === 'string' ? summary.error : null,
        }
      }),
    )
    const order = ['openai-agents', 'openai-responses', 'openai-chat', 'ai-sdk', 'ag-ui', 'text']
    return fixtures.sort(
      (a, b) =>
        order.indexOf(a.protocol) - order.indexOf(b.protocol) ||
        Number(a.broken) - Number(b.broken) ||
        a.name.localeCompare(b.name),
    )
  })()
  caches.set(key, cache)
  cache.catch(() => caches.delete(key))
  return cache
}

export async function readFixture(
  protocol: string,
  name: string,
  directory = FIXTURES_DIR,
): Promise<{ body: Uint8Array; headers: Record<string, string> } | undefined> {
  const known = (await listFixtures(directory)).find(
    (fixture) => fixture.protocol === protocol && fixture.name === name,
  )
  if (!known) return undefined
  const base = join(directory, protocol, ...name.split('/'))
  const body = new Uint8Array(await readFile(`${base}.sse`))
  const headers = JSON.parse(await readFile(`${base}.headers.json`, 'utf8').catch(() => '{}')) as Record<
    string,
    string
  >
  return { body, headers }
}

/**
 * Cuts a body at its frame boundaries (a blank line, in LF, CRLF or CR line endings), keeping every
 * byte: the chunks joined are the body. A truncated body's last chunk is its partial frame.
 */
export function splitFrames(body: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = []
  let start = 0
  let lineStart = 0
  let index = 0
  while (index < body.length) {
    const byte = body[index]!
    if (byte !== 0x0a && byte !== 0x0d) {
      index++
      continue
    }
    const lineEnd = byte === 0x0d && body[index + 1] === 0x0a ? index + 2 : index + 1
    const blank = index === lineStart
    index = lineEnd
    lineStart = lineEnd
    if (blank) {
      chunks.push(body.subarray(start, lineEnd))
      start = lineEnd
    }
  }
  if (start < body.length) chunks.push(body.subarray(start))
  return chunks
}
