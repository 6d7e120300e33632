import { Lexer, type Token, type Tokens } from 'marked'
import { createElement, memo, type ReactNode, useMemo } from 'react'

// Streaming markdown, rendered safely and incrementally.
//
// Safety: marked is used only as a lexer; its tokens become React elements here. Raw HTML tokens are
// rendered as text (React escapes it), never as markup, and link / image URLs pass `safeUrl`.
//
// Incrementality: the source is cut into blocks at blank lines outside code fences. Every block but
// the last is finished: its tokens are cached by its source and its rendering is memoized, so a new
// token re-lexes only the last block.

const fenceOpen = /^ {0,3}(`{3,}|~{3,})/
const listMarker = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/
const blankLine = /^[ \t]*$/

/**
 * Cuts markdown into blocks at blank lines that are outside code fences, keeping a list (an item
 * after a blank line) and indented continuations together. Joining the blocks with blank lines gives
 * back the document; every block but the last is final while text is appended.
 *
 * @example
 * ```ts
 * splitMarkdownBlocks('# Title\n\nSome text\n\n```js\na\n\nb\n```')
 * // ['# Title', 'Some text', '```js\na\n\nb\n```']
 * ```
 */
export function splitMarkdownBlocks(text: string): string[] {
  const lines = text.split('\n')
  const blocks: string[] = []
  let current: string[] = []
  let fence: { char: string; length: number } | null = null
  let blankSeen = false
  let currentIsList = false
  const close = () => {
    let end = current.length
    while (end > 0 && blankLine.test(current[end - 1]!)) end--
    if (end > 0) blocks.push(current.slice(0, end).join('\n'))
    current = []
  }
  for (const line of lines) {
    if (fence) {
      current.push(line)
      const closing = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line)
      if (closing && closing[1]![0] === fence.char && closing[1]!.length >= fence.length) fence = null
      continue
    }
    if (blankLine.test(line)) {
      if (current.length > 0) blankSeen = true
      current.push(line)
      continue
    }
    if (blankSeen) {
      blankSeen = false
      const continues = /^[ \t]/.test(line) || (currentIsList && listMarker.test(line))
      if (!continues) close()
    }
    if (current.length === 0 || current.every((candidate) => blankLine.test(candidate))) {
      current = []
      currentIsList = listMarker.test(line)
    }
    current.push(line)
    const opening = fenceOpen.exec(line)
    if (
      opening &&
      !(opening[1]![0] === '`' && line.slice(line.indexOf('`') + opening[1]!.length).includes('`'))
    )
      fence = { char: opening[1]![0]!, length: opening[1]!.length }
  }
  if (current.some((line) => !blankLine.test(line))) blocks.push(current.join('\n'))
  return blocks
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

/** Decodes the character references a model is likely to write (named basics and numeric). */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#\d{1,7}|#x[\da-f]{1,6}|[a-z]+);/gi, (match, name: string) => {
    if (name[0] !== '#') return entities[name.toLowerCase()] ?? match
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match
  })
}

/**
 * Returns the URL when it is safe to put in `href` / `src`: `http:`, `https:`, `mailto:` (links
 * only) or relative. Anything else (`javascript:`, `data:`, `vbscript:`, `file:`…, including
 * entity- or whitespace-obfuscated forms) gives `null`.
 *
 * @example
 * ```ts
 * safeUrl('https://example.com') // 'https://example.com'
 * safeUrl('javascript:alert(1)') // null
 * safeUrl('/docs') // '/docs'
 * ```
 */
export function safeUrl(url: string, kind: 'link' | 'image' = 'link'): string | null {
  // What a browser's URL parser would see: references decoded, tabs, newlines and controls gone.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const cleaned = decodeEntities(url).replace(/[\u0000-\u0020\u007f-\u009f]/g, '')
  if (cleaned === '') return null
  const scheme = /^([a-z][a-z\d+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase()
  if (scheme === undefined) return cleaned
  if (scheme === 'http' || scheme === 'https') return cleaned
  if (scheme === 'mailto' && kind === 'link') return cleaned
  return null
}

const lexCache = new Map<string, Token[]>()
const lexCacheSize = 500

/** Tokens of one block; finished blocks are cached by their source. */
function lexBlock(source: string, final: boolean): Token[] {
  const cached = final ? lexCache.get(source) : undefined
  if (cached) return cached
  const tokens = Lexer.lex(source, { gfm: true })
  if (final) {
    if (lexCache.size >= lexCacheSize) lexCache.delete(lexCache.keys().next().value!)
    lexCache.set(source, tokens)
  }
  return tokens
}

function renderInline(tokens: readonly Token[] | undefined): ReactNode[] {
  return (tokens ?? []).map(renderInlineToken)
}

function renderInlineToken(token: Token, key: number): ReactNode {
  switch (token.type) {
    case 'text':
      return token.tokens ? (
        <span key={key}>{renderInline(token.tokens)}</span>
      ) : (
        decodeEntities((token as Tokens.Text).text)
      )
    case 'escape':
      return (token as Tokens.Escape).text
    case 'strong':
      return <strong key={key}>{renderInline(token.tokens)}</strong>
    case 'em':
      return <em key={key}>{renderInline(token.tokens)}</em>
    case 'del':
      return <del key={key}>{renderInline(token.tokens)}</del>
    case 'codespan':
      return <code key={key}>{(token as Tokens.Codespan).text}</code>
    case 'br':
      return <br key={key} />
    case 'link': {
      const link = token as Tokens.Link
      const href = link.autolink ? safeUrl(link.href) : safeUrl(link.href)
      const children = renderInline(link.tokens)
      if (href === null)
        return (
          <span key={key} className="as-unsafe-link" data-unsafe-link="">
            {children}
          </span>
        )
      const external = /^(https?:)?\/\//i.test(href)
      return (
        <a
          key={key}
          href={href}
          title={link.title ? decodeEntities(link.title) : undefined}
          {...(external ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {})}
        >
          {children}
        </a>
      )
    }
    case 'image': {
      const image = token as Tokens.Image
      const src = safeUrl(image.href, 'image')
      const alt = decodeEntities(image.text)
      if (src === null) return alt
      return <img key={key} src={src} alt={alt} title={image.title ?? undefined} loading="lazy" />
    }
    case 'checkbox':
      return (
        <input
          key={key}
          type="checkbox"
          checked={(token as Tokens.Checkbox).checked}
          disabled
          readOnly
          aria-label={(token as Tokens.Checkbox).checked ? 'Done' : 'Not done'}
        />
      )
    // Raw HTML is shown as the text it is, never parsed.
    case 'html':
      return (token as Tokens.HTML).text
    default:
      return 'text' in token && typeof token.text === 'string' ? token.text : token.raw
  }
}

function renderBlocks(tokens: readonly Token[]): ReactNode[] {
  return tokens.map(renderBlockToken)
}

function renderBlockToken(token: Token, key: number): ReactNode {
  switch (token.type) {
    case 'space':
    case 'def':
      return null
    case 'paragraph':
      return <p key={key}>{renderInline(token.tokens)}</p>
    case 'heading':
      return createElement(
        `h${Math.min(6, Math.max(1, (token as Tokens.Heading).depth))}`,
        { key },
        renderInline(token.tokens),
      )
    case 'code': {
      const code = token as Tokens.Code
      const lang = code.lang?.split(/\s/)[0] || undefined
      return (
        <pre key={key} data-lang={lang}>
          <code className={lang ? `language-${lang}` : undefined}>{code.text}</code>
        </pre>
      )
    }
    case 'blockquote':
      return <blockquote key={key}>{renderBlocks(token.tokens ?? [])}</blockquote>
    case 'hr':
      return <hr key={key} />
    case 'list': {
      const list = token as Tokens.List
      const items = list.items.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: list items are positional
        <li key={index} data-task={item.task ? '' : undefined}>
          {renderBlocks(item.tokens)}
        </li>
      ))
      if (!list.ordered) return <ul key={key}>{items}</ul>
      const start = typeof list.start === 'number' && list.start !== 1 ? list.start : undefined
      return (
        <ol key={key} start={start}>
          {items}
        </ol>
      )
    }
    case 'table': {
      const table = token as Tokens.Table
      const align = (value: Tokens.TableCell['align']) => (value ? { textAlign: value } : undefined)
      return (
        <div key={key} className="as-table">
          <table>
            <thead>
              <tr>
                {table.header.map((cell, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                  <th key={index} style={align(cell.align)}>
                    {renderInline(cell.tokens)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, rowIndex) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                <tr key={rowIndex}>
                  {row.map((cell, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                    <td key={index} style={align(cell.align)}>
                      {renderInline(cell.tokens)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )
    }
    case 'html':
      // An HTML block is shown as its source text.
      return <p key={key}>{(token as Tokens.HTML).text}</p>
    case 'text':
      // Tight list items hold `text` tokens with inline children.
      return token.tokens ? (
        <span key={key}>{renderInline(token.tokens)}</span>
      ) : (
        decodeEntities((token as Tokens.Text).text)
      )
    default:
      return renderInlineToken(token, key)
  }
}

const MarkdownBlock = memo(function MarkdownBlock({ source, final }: { source: string; final: boolean }) {
  const tokens = useMemo(() => lexBlock(source, final), [source, final])
  return <>{renderBlocks(tokens)}</>
})

/**
 * Props of {@link Markdown}.
 *
 * @example
 * ```tsx
 * const props: MarkdownProps = { text: '**Hi**', streaming: true }
 * ```
 */
export interface MarkdownProps {
  /** The markdown source so far. */
  text: string
  /** True while text is still being appended (the last block is then not cached). */
  streaming?: boolean
  className?: string
}

/** While a fence's closing line is arriving (`` ` ``, ``` `` ```), do not show it as code. */
function hidePartialFence(block: string): string {
  const cut = block.lastIndexOf('\n')
  if (cut < 0) return block
  return /^ {0,3}(`{1,2}|~{1,2})$/.test(block.slice(cut + 1)) ? block.slice(0, cut) : block
}

/**
 * Renders streaming markdown safely (no raw HTML; links only http(s), mailto and relative) and
 * incrementally: finished blocks are lexed once and not re-rendered as tokens arrive; only the last
 * block is re-lexed. Code blocks keep their DOM nodes while they grow.
 *
 * @example
 * ```tsx
 * <Markdown text={part.text} streaming={part.state === 'streaming'} />
 * ```
 */
export const Markdown = memo(function Markdown({ text, streaming = false, className }: MarkdownProps) {
  const blocks = splitMarkdownBlocks(text)
  return (
    <div
      className={className ? `as-markdown ${className}` : 'as-markdown'}
      data-state={streaming ? 'streaming' : 'done'}
    >
      {blocks.map((source, index) => {
        const last = index === blocks.length - 1
        const final = !streaming || !last
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: blocks are append-only, their index is their identity
          <MarkdownBlock key={index} source={final ? source : hidePartialFence(source)} final={final} />
        )
      })}
    </div>
  )
})
