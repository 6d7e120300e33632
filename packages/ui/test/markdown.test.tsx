import { act, render } from '@testing-library/react'
import { Lexer } from 'marked'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Markdown, safeUrl, splitMarkdownBlocks } from '../src/index'
import { fixture } from './fixtures'

afterEach(() => vi.restoreAllMocks())

describe('splitMarkdownBlocks', () => {
  it('splits at blank lines and gives the document back', () => {
    const text = '# Title\n\nOne\ntwo\n\n\nThree'
    expect(splitMarkdownBlocks(text)).toEqual(['# Title', 'One\ntwo', 'Three'])
  })

  it('never splits inside a code fence, open or closed', () => {
    expect(splitMarkdownBlocks('Intro\n\n```js\nconst a = 1\n\nconst b = 2\n```\n\nAfter')).toEqual([
      'Intro',
      '```js\nconst a = 1\n\nconst b = 2\n```',
      'After',
    ])
    expect(splitMarkdownBlocks('~~~~\na\n\n~~~\nb\n\n')).toEqual(['~~~~\na\n\n~~~\nb\n\n'])
  })

  it('keeps a loose list and indented continuations together', () => {
    expect(splitMarkdownBlocks('- a\n\n- b\n\n  more of b\n\nNext')).toEqual([
      '- a\n\n- b\n\n  more of b',
      'Next',
    ])
    expect(splitMarkdownBlocks('1. x\n\n2. y')).toEqual(['1. x\n\n2. y'])
  })

  it('splits the recorded long answer into its paragraphs', () => {
    const text = fixture('ai-sdk/long-answer').summary.messages[0]!.text
    const blocks = splitMarkdownBlocks(text)
    expect(blocks.length).toBe(text.split(/\n\n+/).filter((block) => block.trim()).length)
    expect(blocks.join('\n\n').replace(/\s+/g, ' ')).toBe(text.trim().replace(/\s+/g, ' '))
  })
})

describe('safeUrl', () => {
  it('keeps http(s), mailto and relative URLs', () => {
    expect(safeUrl('https://example.com/a?b#c')).toBe('https://example.com/a?b#c')
    expect(safeUrl('http://example.com')).toBe('http://example.com')
    expect(safeUrl('mailto:someone@example.com')).toBe('mailto:someone@example.com')
    expect(safeUrl('/docs/page')).toBe('/docs/page')
    expect(safeUrl('#section')).toBe('#section')
    expect(safeUrl('page.html')).toBe('page.html')
  })

  it('neutralizes script-bearing schemes, obfuscated or not', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '&#106;avascript:alert(1)',
      'java&#x09;script:alert(1)',
      '\u0001javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
    ])
      expect(safeUrl(url), url).toBeNull()
    expect(safeUrl('mailto:a@b.c', 'image')).toBeNull()
  })
})

describe('Markdown', () => {
  it('renders the common blocks as elements', () => {
    const { container } = render(
      <Markdown
        text={[
          '# Title',
          'Some **bold**, _em_, ~~gone~~ and `code`.',
          '- one\n- [x] done',
          '1. first\n2. second',
          '> quoted',
          '| a | b |\n|:-|-:|\n| 1 | 2 |',
          '```ts\nconst a = 1\n```',
          '---',
          'A [link](https://example.com) and ![pic](https://example.com/p.png)',
        ].join('\n\n')}
      />,
    )
    expect(container.querySelector('h1')?.textContent).toBe('Title')
    expect(container.querySelector('strong')?.textContent).toBe('bold')
    expect(container.querySelector('em')?.textContent).toBe('em')
    expect(container.querySelector('del')?.textContent).toBe('gone')
    expect(container.querySelector('p code')?.textContent).toBe('code')
    expect(container.querySelectorAll('ul li')).toHaveLength(2)
    expect(container.querySelector<HTMLInputElement>('li input[type=checkbox]')?.checked).toBe(true)
    expect(container.querySelectorAll('ol li')).toHaveLength(2)
    expect(container.querySelector('blockquote')?.textContent).toBe('quoted')
    expect(container.querySelectorAll('th')).toHaveLength(2)
    expect(container.querySelector('td')?.getAttribute('style')).toContain('text-align: left')
    expect(container.querySelector('pre')?.dataset.lang).toBe('ts')
    expect(container.querySelector('pre code')?.className).toBe('language-ts')
    expect(container.querySelector('pre code')?.textContent).toBe('const a = 1')
    expect(container.querySelector('hr')).not.toBeNull()
    const link = container.querySelector('a')!
    expect(link.getAttribute('href')).toBe('https://example.com')
    expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow')
    expect(container.querySelector('img')?.getAttribute('alt')).toBe('pic')
  })

  it('shows raw HTML as text and neutralizes unsafe links and images', () => {
    const { container } = render(
      <Markdown
        text={
          'Hi <script>window.__x = 1</script> <img src=x onerror=alert(1)> &amp; [x](javascript:alert(1)) [y](data:text/html,hi) ![z](javascript:alert(2))\n\n<div onclick="alert(3)">block</div>\n\n<iframe src="https://evil.example"></iframe>'
        }
      />,
    )
    expect(container.querySelector('script, img, div[onclick], iframe')).toBeNull()
    expect(container.textContent).toContain('<script>window.__x = 1</script>')
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>')
    expect(container.textContent).toContain('<div onclick="alert(3)">block</div>')
    expect(container.textContent).toContain('Hi ')
    expect(container.textContent).toContain('& ')
    expect(container.querySelector('a')).toBeNull()
    expect([...container.querySelectorAll('[data-unsafe-link]')].map((node) => node.textContent)).toEqual([
      'x',
      'y',
    ])
    expect(container.innerHTML).not.toMatch(/href="(javascript|data):/)
  })

  it('re-lexes only the last block while the recorded long answer streams', () => {
    const text = fixture('ai-sdk/long-answer').summary.messages[0]!.text
    const lex = vi.spyOn(Lexer, 'lex')
    const { container, rerender } = render(<Markdown text="" streaming />)
    let firstParagraph: Element | null = null
    let renders = 0
    // Grow the text in the recorded answer's own rhythm (~6 characters per token).
    for (let end = 6; end < text.length + 6; end += 6) {
      const before = lex.mock.calls.length
      act(() => rerender(<Markdown text={text.slice(0, end)} streaming />))
      renders++
      // At most: the last block, plus the block that just became final.
      expect(lex.mock.calls.length - before).toBeLessThanOrEqual(2)
      firstParagraph ??= container.querySelector('p')
    }
    act(() => rerender(<Markdown text={text} />))
    const blocks = splitMarkdownBlocks(text)
    const lexed = lex.mock.calls.map((call) => call[0])
    // A finished block is lexed once as finished (and maybe once more as the last block, before the
    // blank line after it arrived): never again while later blocks stream.
    for (const block of blocks)
      expect(lexed.filter((source) => source === block).length).toBeLessThanOrEqual(2)
    expect(lexed.length).toBeLessThanOrEqual(renders + blocks.length + 1)
    // Every lexed source was the last block, never the whole growing document.
    const longest = Math.max(...blocks.map((block) => block.length))
    expect(Math.max(...lexed.map((source) => source.length))).toBeLessThanOrEqual(longest + 2)
    // The first paragraph's element survived the whole stream.
    expect(container.querySelector('p')).toBe(firstParagraph)
    expect(container.querySelectorAll('p')).toHaveLength(blocks.length)
  })

  it('keeps a growing code block in the same DOM nodes (no flicker)', () => {
    const source = 'Here:\n\n```python\ndef f(x):\n\n    return x * 2\n```\n\nDone.'
    const { container, rerender } = render(<Markdown text="" streaming />)
    let pre: Element | null = null
    const seen = new Set<Element>()
    for (let end = 1; end <= source.length; end++) {
      act(() => rerender(<Markdown text={source.slice(0, end)} streaming />))
      const current = container.querySelector('pre')
      if (current) {
        pre ??= current
        seen.add(current)
        // The closing fence is never shown as code while it arrives.
        expect(current.textContent).not.toMatch(/`/)
      }
    }
    act(() => rerender(<Markdown text={source} />))
    expect(seen.size).toBe(1)
    expect(container.querySelector('pre')).toBe(pre)
    expect(container.querySelector('pre code')?.textContent).toBe('def f(x):\n\n    return x * 2')
  })

  it('marks streaming state and accepts a class name', () => {
    const { container, rerender } = render(<Markdown text="Hi" streaming className="mine" />)
    const root = container.firstElementChild as HTMLElement
    expect(root.className).toBe('as-markdown mine')
    expect(root.dataset.state).toBe('streaming')
    rerender(<Markdown text="Hi" />)
    expect(root.dataset.state).toBe('done')
  })
})
