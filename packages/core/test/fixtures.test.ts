import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBody } from '../src/replay'
import { summarize } from '../src/summary'

const root = join(import.meta.dirname, '../src/protocols/__fixtures__')

function findFixtures(directory: string): string[] {
  if (!existsSync(directory)) return []
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return findFixtures(path)
    return entry.name.endsWith('.sse') && existsSync(path.replace(/\.sse$/, '.summary.json')) ? [path] : []
  })
}

const fixtures = findFixtures(root).sort()

function load(path: string) {
  const headersPath = path.replace(/\.sse$/, '.headers.json')
  return {
    body: new Uint8Array(readFileSync(path)),
    expected: JSON.parse(readFileSync(path.replace(/\.sse$/, '.summary.json'), 'utf8')),
    headers: existsSync(headersPath)
      ? (JSON.parse(readFileSync(headersPath, 'utf8')) as Record<string, string>)
      : undefined,
  }
}

function split(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = []
  let start = 0
  for (const point of [...new Set(points)].sort((a, b) => a - b)) {
    chunks.push(bytes.subarray(start, point))
    start = point
  }
  chunks.push(bytes.subarray(start))
  return chunks
}

describe('decodeBody onEvent', () => {
  it('reports every event it applies, the truncation of a cut body included', () => {
    const body = readFileSync(join(root, 'openai-agents/broken/truncated.sse'))
    const errors: unknown[] = []
    const state = decodeBody(body, {
      onEvent: (event) => {
        if (event.type === 'run-error') errors.push(event.error)
      },
    })
    expect(state.error?.kind).toBe('truncated')
    expect(errors).toEqual([state.error])
  })
})

describe('recorded fixtures', () => {
  it('exist for every protocol', () => {
    const protocols = new Set(fixtures.map((path) => relative(root, path).split('/')[0]))
    expect([...protocols].sort()).toEqual(
      expect.arrayContaining(['ag-ui', 'ai-sdk', 'openai-agents', 'openai-chat', 'openai-responses', 'text']),
    )
  })

  describe.each(fixtures.map((path) => [relative(root, path), path]))('%s', (_name, path) => {
    const { body, expected, headers } = load(path)
    // The protocol is detected from the bytes alone; headers are what a live client would also see.
    const options = headers ? { headers } : {}

    it('gives its expected summary, read whole', () => {
      expect(summarize(decodeBody(body, options))).toEqual(expected)
    })

    it('gives the same summary split at random byte boundaries', () => {
      const runs = body.length > 200_000 ? 3 : 25
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 1, max: Math.max(1, body.length - 1) }), { maxLength: 64 }),
          (points) => {
            expect(summarize(decodeBody(split(body, points), options))).toEqual(expected)
          },
        ),
        { numRuns: runs },
      )
    })

    it('gives the same summary byte by byte or in 7-byte chunks', () => {
      const sizes = body.length > 200_000 ? [7] : [1, 7]
      for (const size of sizes) {
        const chunks: Uint8Array[] = []
        for (let offset = 0; offset < body.length; offset += size)
          chunks.push(body.subarray(offset, offset + size))
        expect(summarize(decodeBody(chunks, options))).toEqual(expected)
      }
    })
  })
})
