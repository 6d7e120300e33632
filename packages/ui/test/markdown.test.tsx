import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { act, cleanup, render, screen } from '@testing-library/react'
import { Lexer } from 'marked'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Markdown, safeUrl, splitMarkdownBlocks } from '../src/index'
import { fixture } from './fixtures'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

/** Streams `text` one character at a time, calling `each` with the container after every render. */
function streamInto(text: string, each: (container: HTMLElement) => void = () => {}) {
  const view = render(<Markdown text="" streaming />)
  for (let end = 1; end <= text.length; end++) {
    act(() => view.rerender(<Markdown text={text.slice(0, end)} streaming />))
    each(view.container)
  }
  return view
}

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
    expect(container.querySelector('a[data-image]')?.textContent).toBe('Image: pic')
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
    const lex = vi.spyOn(Lexer.prototype, 'lex')
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

describe('Markdown images', () => {
  it('loads no remote image by default: an accessible link to it stands in', () => {
    const { container } = render(
      <Markdown text="Chart: ![chart](https://x.example/pixel?secret=TOKEN) ![](/p.png) ![x](javascript:alert(1))" />,
    )
    expect(container.querySelector('img')).toBeNull()
    const placeholder = screen.getByRole('link', { name: 'Image: chart' })
    expect(placeholder.getAttribute('href')).toBe('https://x.example/pixel?secret=TOKEN')
    expect(placeholder.getAttribute('rel')).toBe('noopener noreferrer nofollow')
    expect(placeholder.dataset.image).toBe('')
    expect(screen.getByRole('link', { name: 'Image' }).getAttribute('href')).toBe('/p.png')
    expect(container.innerHTML).not.toContain('javascript:')
    expect(screen.getAllByRole('link')).toHaveLength(2)
  })

  it('an image inside a link stands in as text, never as a link in a link', () => {
    const { container } = render(<Markdown text="[![logo](https://x.example/l.png)](https://x.example)" />)
    expect(container.querySelectorAll('a')).toHaveLength(1)
    expect(container.querySelector('a')?.textContent).toBe('Image: logo')
    expect(container.querySelector('a a, img')).toBeNull()
  })

  it('loads images when `images` allows them: all, or per resolved URL', () => {
    const text = '![a](https://cdn.example/a.png) ![b](https://x.example/b.png) ![c](/c.png "C &amp; D")'
    const all = render(<Markdown text={text} images />).container
    expect([...all.querySelectorAll('img')].map((image) => image.getAttribute('src'))).toEqual([
      'https://cdn.example/a.png',
      'https://x.example/b.png',
      '/c.png',
    ])
    expect(all.querySelector('img')?.getAttribute('referrerpolicy')).toBe('no-referrer')
    expect(all.querySelectorAll('img')[2]?.getAttribute('title')).toBe('C & D')
    cleanup()
    const asked: string[] = []
    const policy = (url: URL) => {
      asked.push(url.href)
      return url.origin === 'https://cdn.example' || url.origin === location.origin
    }
    const some = render(<Markdown text={text} images={policy} />).container
    expect(asked).toEqual([
      'https://cdn.example/a.png',
      'https://x.example/b.png',
      new URL('/c.png', location.href).href,
    ])
    expect([...some.querySelectorAll('img')].map((image) => image.getAttribute('alt'))).toEqual(['a', 'c'])
    expect(screen.getByRole('link', { name: 'Image: b' })).toBeTruthy()
  })
})

describe('Markdown scrollable blocks', () => {
  it('code blocks and tables are focusable, named groups with a visible focus style', () => {
    render(
      <Markdown text={'```python\nprint(1)\n```\n\n```\nplain\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |'} />,
    )
    for (const name of ['Code, python', 'Code', 'Table']) {
      const block = screen.getByRole('group', { name })
      expect(block.tabIndex, name).toBe(0)
    }
    expect(screen.getByRole('group', { name: 'Code, python' }).tagName).toBe('PRE')
    expect(screen.getByRole('group', { name: 'Table' }).className).toBe('as-table')
    const css = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../src/styles.css'), 'utf8')
    expect(css).toMatch(
      /\.as-markdown pre:focus-visible,\s*\.as-markdown \.as-table:focus-visible\s*\{[^}]*outline:/,
    )
  })
})

describe('Markdown line ends', () => {
  const lf = '# Title\n\nPara one\n\n```js\na\n\nb\n```\n\nAfter'

  it('splits CRLF and lone-CR text as it splits LF text', () => {
    expect(splitMarkdownBlocks(lf.replace(/\n/g, '\r\n'))).toEqual(splitMarkdownBlocks(lf))
    expect(splitMarkdownBlocks(lf.replace(/\n/g, '\r'))).toEqual(splitMarkdownBlocks(lf))
  })

  it('closes a CRLF fence and re-lexes only the last block while CRLF text streams', () => {
    const crlf = `${'Lorem ipsum dolor sit amet.\r\n\r\n'.repeat(40)}\`\`\`\r\ncode\r\n\`\`\`\r\n\r\nAfter`
    const lex = vi.spyOn(Lexer.prototype, 'lex')
    const { container } = streamInto(crlf)
    expect(Math.max(...lex.mock.calls.map((call) => call[0].length))).toBeLessThan(40)
    expect(container.querySelector('pre')?.textContent).toBe('code')
    expect(container.querySelectorAll('p')).toHaveLength(41)
  })
})

describe('Markdown setext underlines while streaming', () => {
  it('does not flash a heading while a list or "= value" line starts; the final render is unchanged', () => {
    for (const text of ['Steps:\n- one\n- two', 'Total\n= 42', 'Title\n---\n\nText']) {
      const headings = new Set<string>()
      const view = streamInto(text, (container) => {
        for (const heading of container.querySelectorAll('h1, h2')) headings.add(heading.textContent!)
      })
      act(() => view.rerender(<Markdown text={text} />))
      if (text.startsWith('Title')) {
        // A real underline shows once its line has ended.
        expect([...headings]).toEqual(['Title'])
        expect(view.container.querySelector('h2')?.textContent).toBe('Title')
      } else expect([...headings], text).toEqual([])
      cleanup()
    }
    const { container } = render(<Markdown text={'Steps:\n-'} />)
    expect(container.querySelector('h2')?.textContent).toBe('Steps:')
  })
})

describe('Markdown character references', () => {
  it('decodes named and numeric references as a browser decodes them in HTML', () => {
    const names =
      'mdash ndash deg copy reg trade hellip rarr larr harr rArr times divide plusmn frac12 euro pound yen ' +
      'laquo raquo lsquo rsquo ldquo rdquo bull middot para sect nbsp eacute Eacute szlig alpha Omega pi ' +
      'infin ne le ge asymp minus sum radic check cross star starf lang rang AMP LT GT QUOT apos'
    const text = names
      .split(' ')
      .map((name) => `&${name};`)
      .join(' ')
    const { container } = render(<Markdown text={text} />)
    // jsdom's HTML parser knows every HTML5 name: what `marked` would leave to the browser.
    const browser = document.createElement('textarea')
    browser.innerHTML = text
    expect(container.textContent).toBe(browser.value)
    expect(container.textContent).toContain('— – ° © ® ™ … →')
  })

  it('keeps unknown names and code literal, and decodes numeric references', () => {
    const { container } = render(<Markdown text={'&bogus; &copy &#x2014; &#0; &#38;copy; `&copy;`'} />)
    expect(container.querySelector('p')?.firstChild?.textContent).toBe('&bogus; &copy — \ufffd &copy; ')
    expect(container.querySelector('code')?.textContent).toBe('&copy;')
  })
})

describe('Markdown reference links', () => {
  it('resolves a reference whose definition is in another block, first definition winning', () => {
    const text =
      'See [the docs][1], [Guide] and [local][2].\n\n[1]: https://example.com/docs "Docs"\n\n' +
      '[guide]: https://example.com/guide\n[2]: /help\n\n[1]: https://example.com/second'
    const { container } = render(<Markdown text={text} />)
    const links = [...container.querySelectorAll('a')]
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      'https://example.com/docs',
      'https://example.com/guide',
      '/help',
    ])
    expect(links[0]!.title).toBe('Docs')
    expect(links[0]!.getAttribute('target')).toBe('_blank')
    expect(container.textContent).toBe('See the docs, Guide and local.')
  })

  it('streams to the same result and re-lexes finished blocks only when a definition completes', () => {
    const paragraphs = Array.from({ length: 12 }, (_, index) => `Point ${index} [see][${index % 2}].`)
    const text = `${paragraphs.join('\n\n')}\n\n[0]: https://example.com/zero\n[1]: https://example.com/one`
    const lex = vi.spyOn(Lexer.prototype, 'lex')
    const view = streamInto(text)
    act(() => view.rerender(<Markdown text={text} />))
    const streamed = view.container.innerHTML
    expect(view.container.querySelectorAll('a')).toHaveLength(12)
    const lexed = lex.mock.calls.map((call) => call[0])
    // As the last block (at most twice), as a finished block, and once per definition set: the
    // first definition's line ending, then the second's at the end.
    for (const paragraph of paragraphs)
      expect(lexed.filter((source) => source === paragraph).length, paragraph).toBeLessThanOrEqual(5)
    cleanup()
    expect(render(<Markdown text={text} />).container.innerHTML).toBe(streamed)
  })
})

describe('Markdown external links', () => {
  it('decides "external" by the origin the browser resolves the link to', () => {
    const text =
      '[Open settings](/\\evil.example/login) [b](//evil.example) [c](/settings) ' +
      `[d](${location.origin}/same) [e](https://other.example) [f](mailto:a@b.example)`
    const { container } = render(<Markdown text={text} />)
    const targets = Object.fromEntries(
      [...container.querySelectorAll('a')].map((link) => [link.textContent, link.getAttribute('target')]),
    )
    expect(targets).toEqual({
      'Open settings': '_blank',
      b: '_blank',
      c: null,
      d: null,
      e: '_blank',
      f: null,
    })
    expect(screen.getByRole('link', { name: 'Open settings' }).getAttribute('rel')).toBe(
      'noopener noreferrer nofollow',
    )
  })
})
