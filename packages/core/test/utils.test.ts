import { describe, expect, it } from 'vitest'
import { applyJsonPatch } from '../src/utils/json-patch'
import { parsePartialJson } from '../src/utils/partial-json'

describe('parsePartialJson', () => {
  it.each([
    ['{"city": "Os', { city: 'Os' }],
    ['{"city": "Oslo", "days": 3', { city: 'Oslo', days: 3 }],
    ['{"city": "Oslo", "da', { city: 'Oslo' }],
    ['{"city": "Oslo", "days":', { city: 'Oslo' }],
    ['[1, 2, tr', [1, 2]],
    ['{"a": {"b": [1, {"c": "d', { a: { b: [1, { c: 'd' }] } }],
    ['{"emoji": "\\ud83d', { emoji: '' }],
    ['{"quote": "say \\"hi', { quote: 'say "hi' }],
    ['{"n": -1.5e', { n: -1.5 }],
    ['', undefined],
    ['not json', undefined],
  ])('%s', (text, expected) => {
    expect(parsePartialJson(text)).toEqual(expected)
  })

  it('grows monotonically as the text grows', () => {
    const full = JSON.stringify({ city: 'Oslo', days: [1, 2, 3], units: 'metric', nested: { ok: true } })
    let keys = 0
    for (let end = 1; end <= full.length; end++) {
      const value = parsePartialJson(full.slice(0, end)) as Record<string, unknown> | undefined
      const count = value ? Object.keys(value).length : 0
      expect(count).toBeGreaterThanOrEqual(keys)
      keys = count
    }
    expect(parsePartialJson(full)).toEqual(JSON.parse(full))
  })
})

describe('applyJsonPatch', () => {
  const document = { a: { b: 1 }, list: [1, 2], keep: { x: 1 } }

  it('applies add, remove, replace, move, copy and test without mutating', () => {
    const result = applyJsonPatch(document, [
      { op: 'add', path: '/a/c', value: 2 },
      { op: 'remove', path: '/list/0' },
      { op: 'replace', path: '/a/b', value: 10 },
      { op: 'copy', from: '/a/c', path: '/copied' },
      { op: 'move', from: '/copied', path: '/moved' },
      { op: 'test', path: '/moved', value: 2 },
    ])
    expect(result).toEqual({ a: { b: 10, c: 2 }, list: [2], keep: { x: 1 }, moved: 2 })
    expect(document).toEqual({ a: { b: 1 }, list: [1, 2], keep: { x: 1 } })
    expect((result as typeof document).keep).toBe(document.keep)
  })

  it('leaves the document as it was when an operation fails', () => {
    expect(
      applyJsonPatch(document, [
        { op: 'add', path: '/a/z', value: 1 },
        { op: 'test', path: '/a/b', value: 99 },
      ]),
    ).toBe(document)
    expect(applyJsonPatch(document, [{ op: 'remove', path: '/missing' }])).toBe(document)
  })

  it('leaves the document as it was for an operation it does not know (a newer server)', () => {
    const patch = [
      { op: 'add', path: '/a/z', value: 1 },
      { op: 'merge', path: '/a', value: { y: 2 } },
    ] as unknown as Parameters<typeof applyJsonPatch>[1]
    expect(applyJsonPatch(document, patch)).toBe(document)
  })

  it('handles escaped pointers and array appends', () => {
    expect(
      applyJsonPatch({ 'a/b': { '~': 1 }, l: [] }, [
        { op: 'replace', path: '/a~1b/~0', value: 2 },
        { op: 'add', path: '/l/-', value: 'x' },
      ]),
    ).toEqual({ 'a/b': { '~': 2 }, l: ['x'] })
  })
})
