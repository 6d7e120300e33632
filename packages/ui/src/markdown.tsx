import { Lexer, type Links, type Token, type Tokens } from 'marked'
import { createElement, memo, type ReactNode, useMemo } from 'react'

// Streaming markdown, rendered safely and incrementally.
//
// Safety: marked is used only as a lexer; its tokens become React elements here. Raw HTML tokens are
// rendered as text (React escapes it), never as markup, and link / image URLs pass `safeUrl`, before
// and after resolving them against the page. Remote images load only when the `images` prop says so.
//
// Incrementality: the source is cut into blocks at blank lines outside code fences. Every block but
// the last is finished: its tokens are cached by its source and its rendering is memoized, so a new
// token re-lexes only the last block. Link reference definitions are collected across blocks and
// given to each block's lexer; a finished block is re-lexed only when that set changes.

const fenceOpen = /^ {0,3}(`{3,}|~{3,})/
const listMarker = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/
const blankLine = /^[ \t]*$/

// CommonMark ends lines at \r\n and lone \r too; left in, they hide every blank line and fence from
// the splitter, so a CRLF answer would become one block re-lexed whole on every token.
function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
}

/**
 * Cuts markdown into blocks at blank lines that are outside code fences, keeping a list (an item
 * after a blank line) and indented continuations together. Joining the blocks with blank lines gives
 * back the document (with `\r\n` and lone `\r` line ends as `\n`); every block but the last is final
 * while text is appended.
 *
 * @example
 * ```ts
 * splitMarkdownBlocks('# Title\n\nSome text\n\n```js\na\n\nb\n```')
 * // ['# Title', 'Some text', '```js\na\n\nb\n```']
 * ```
 */
export function splitMarkdownBlocks(text: string): string[] {
  const lines = normalizeLineEnds(text).split('\n')
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

// The named character references marked passes through for an HTML renderer to decode: HTML 4's
// full set plus the HTML5 names models tend to write. The full HTML5 table (2,231 names) would cost
// ~20 kB gzip; an unknown name is left as written. Each run lists the names of consecutive code
// points from the first (hex); an empty name skips one.
const namedReferenceRuns = [
  '21 excl quot num dollar percnt amp apos lpar rpar ast plus comma  period sol',
  '22 QUOT',
  '26 AMP',
  '2a midast',
  '3a colon semi lt equals gt quest commat',
  '3c LT  GT',
  '5b lsqb bsol rsqb Hat lowbar grave',
  '5b lbrack  rbrack',
  '7b lcub verbar rcub',
  '7b lbrace vert rbrace',
  'a0 nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg',
  'b1 plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest',
  'c0 Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute',
  'ce Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc',
  'dc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute',
  'ea ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide',
  'f8 oslash ugrave uacute ucirc uuml yacute thorn yuml',
  'a9 COPY',
  'ae REG',
  'b1 pm',
  'b7 centerdot',
  'bd half',
  'c5 angst',
  'f7 div',
  '152 OElig oelig',
  '160 Scaron scaron',
  '178 Yuml',
  '192 fnof',
  '2c6 circ',
  '2dc tilde',
  '391 Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho',
  '3a3 Sigma Tau Upsilon Phi Chi Psi Omega',
  '3a9 ohm',
  '3b1 alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho',
  '3c2 sigmaf sigma tau upsilon phi chi psi omega',
  '3d1 thetasym upsih',
  '3d6 piv',
  '2002 ensp emsp',
  '2009 thinsp hairsp ZeroWidthSpace zwnj zwj lrm rlm hyphen',
  '2010 dash',
  '2013 ndash mdash horbar Vert  lsquo rsquo sbquo  ldquo rdquo bdquo  dagger Dagger bull',
  '2021 ddagger bullet',
  '2025 nldr hellip',
  '2026 mldr',
  '2030 permil pertenk prime Prime',
  '2039 lsaquo rsaquo',
  '203e oline',
  '2044 frasl',
  '20ac euro',
  '2105 incare',
  '210f hbar  image  ell',
  '2116 numero copysr weierp',
  '211c real',
  '2122 trade',
  '2122 TRADE',
  '2135 alefsym',
  '2153 frac13 frac23 frac15',
  '215b frac18 frac38 frac58 frac78',
  '2190 larr uarr rarr darr harr  nwarr nearr searr swarr',
  '2190 leftarrow uparrow rightarrow downarrow leftrightarrow',
  '21a6 map',
  '21a6 mapsto',
  '21b5 crarr',
  '21d0 lArr uArr rArr dArr hArr',
  '21d0 Leftarrow Uparrow Rightarrow Downarrow Leftrightarrow',
  '21d2 Implies  iff',
  '2200 forall  part exist nexist empty  nabla isin notin  ni',
  '2205 emptyset',
  '2208 in',
  '220f prod coprod sum minus',
  '2216 setminus lowast',
  '221a radic',
  '221d prop infin  ang',
  '221d propto',
  '2220 angle',
  '2223 mid  par  and or cap cup int',
  '2227 wedge vee',
  '222e oint',
  '2234 there4 because',
  '2234 therefore',
  '223c sim',
  '2241 nsim  simeq  cong',
  '2248 asymp',
  '2248 approx',
  '2260 ne equiv nequiv  le ge',
  '2264 leq geq',
  '226a ll gg',
  '2282 sub sup nsub  sube supe',
  '2282 subset supset',
  '2286 subseteq supseteq',
  '2295 oplus  otimes',
  '22a4 top perp',
  '22a5 bot',
  '22c5 sdot',
  '22ee vellip ctdot',
  '2308 lceil rceil lfloor rfloor',
  '25a1 square',
  '25aa squf',
  '25ca loz cir',
  '25ca lozenge',
  '2605 starf star',
  '2605 bigstar',
  '260e phone',
  '2640 female  male',
  '2660 spades',
  '2660 spadesuit',
  '2663 clubs  hearts diams',
  '2663 clubsuit  heartsuit diamondsuit',
  '266d flat natural sharp',
  '2713 check',
  '2713 checkmark',
  '2717 cross',
  '27e8 lang rang',
  '27e8 langle rangle',
  '27f5 longleftarrow longrightarrow',
  '27f9 Longrightarrow',
]

let namedReferences: Map<string, string> | undefined

function namedReference(name: string): string | undefined {
  if (!namedReferences) {
    const table = new Map<string, string>()
    for (const run of namedReferenceRuns) {
      const [first, ...names] = run.split(' ')
      const start = Number.parseInt(first!, 16)
      names.forEach((entry, offset) => {
        if (entry) table.set(entry, String.fromCodePoint(start + offset))
      })
    }
    namedReferences = table
  }
  return namedReferences.get(name)
}

/** Decodes character references as a browser would in the HTML marked's own renderer emits. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(
    /&(?:#(\d{1,7}|[xX][\da-fA-F]{1,6})|([a-zA-Z][a-zA-Z\d]{0,31}));/g,
    (match, number, name) => {
      if (name !== undefined) return namedReference(name) ?? match
      const code =
        number[0] === 'x' || number[0] === 'X' ? Number.parseInt(number.slice(1), 16) : Number(number)
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd'
      return String.fromCodePoint(code)
    },
  )
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

const cacheSize = 500

function remember<V>(cache: Map<string, V>, key: string, value: V, size = cacheSize): V {
  if (cache.size >= size) cache.delete(cache.keys().next().value!)
  cache.set(key, value)
  return value
}

const definitionCache = new Map<string, Links | null>()
// The growing last block gets one slot, not cache entries: each of its versions is a new long key.
let growingDefinitions: { source: string; found: Links | null } | undefined

/** The link reference definitions (`[1]: https://…`) a block holds, found by lexing its blocks only. */
function blockDefinitions(source: string, final: boolean): Links | null {
  if (!source.includes(']:')) return null
  const cached = final
    ? definitionCache.get(source)
    : growingDefinitions?.source === source
      ? growingDefinitions.found
      : undefined
  if (cached !== undefined) return cached
  const lexer = new Lexer({ gfm: true })
  lexer.blockTokens(source)
  const found = Object.keys(lexer.tokens.links).length > 0 ? lexer.tokens.links : null
  if (final) remember(definitionCache, source, found)
  else growingDefinitions = { source, found }
  return found
}

const sharedDefinitions = new Map<string, Links>()

/**
 * The document's link definitions, first one of a label winning as in a whole-document lex, as one
 * object per distinct set: blocks are memoized on it, so it must only change when a definition does.
 */
function documentDefinitions(blocks: readonly string[], streaming: boolean): Links | undefined {
  let all: Links | undefined
  blocks.forEach((source, index) => {
    // While a definition's line is still arriving its URL changes on every token; counting it only
    // once its line ends keeps the other blocks from being re-lexed on each token.
    const growing = streaming && index === blocks.length - 1
    const own = blockDefinitions(growing ? source.slice(0, source.lastIndexOf('\n') + 1) : source, !growing)
    if (!own) return
    all ??= Object.create(null) as Links
    for (const label in own) if (!Object.hasOwn(all, label)) all[label] = own[label]!
  })
  if (!all) return undefined
  const key = JSON.stringify(all)
  return sharedDefinitions.get(key) ?? remember(sharedDefinitions, key, all, 50)
}

const lexCache = new Map<string, { tokens: Token[]; definitions: Links | undefined }>()

/** Tokens of one block; finished blocks are cached by their source and the definitions they saw. */
function lexBlock(source: string, final: boolean, definitions: Links | undefined): Token[] {
  const cached = final ? lexCache.get(source) : undefined
  if (cached && cached.definitions === definitions) return cached.tokens
  const lexer = new Lexer({ gfm: true })
  // A reference link resolves against the definitions of the whole document, not only its block's.
  if (definitions) Object.assign(lexer.tokens.links, definitions)
  const tokens = lexer.lex(source)
  if (final) remember(lexCache, source, { tokens, definitions })
  return tokens
}

/** Whether remote images load; see {@link MarkdownProps.images}. */
type ImagePolicy = MarkdownProps['images']

interface RenderOptions {
  images: ImagePolicy
  // An image placeholder is a link, and links may not nest.
  inLink: boolean
}

const fallbackBase = 'https://page.invalid/'
let page: { base: string; url: URL } | undefined

function pageUrl(): URL {
  // Without a document (server rendering) a placeholder origin still tells relative from not.
  const base = (typeof document !== 'undefined' && document.baseURI) || fallbackBase
  if (page?.base !== base) page = { base, url: new URL(base) }
  return page.url
}

/**
 * Where a link or image really goes: `safeUrl`'s verdict on the source, then on what the browser
 * will resolve it to, since `/\evil.example` looks relative but leaves the site. External means
 * another origin than the page's.
 */
function resolveTarget(url: string, kind: 'link' | 'image') {
  const href = safeUrl(url, kind)
  if (href === null) return null
  const base = pageUrl()
  let resolved: URL
  try {
    resolved = new URL(href, base)
  } catch {
    return null
  }
  // Opaque origins (file: pages, mailto:) all read "null": the scheme tells them apart.
  const sameOrigin =
    resolved.origin === base.origin && (resolved.origin !== 'null' || resolved.protocol === base.protocol)
  if (sameOrigin) return { href, resolved, external: false }
  if (safeUrl(resolved.href, kind) === null) return null
  return { href, resolved, external: resolved.protocol === 'http:' || resolved.protocol === 'https:' }
}

const externalLink = { target: '_blank', rel: 'noopener noreferrer nofollow' } as const

function renderInline(tokens: readonly Token[] | undefined, options: RenderOptions): ReactNode[] {
  return (tokens ?? []).map((token, key) => renderInlineToken(token, key, options))
}

function renderInlineToken(token: Token, key: number, options: RenderOptions): ReactNode {
  switch (token.type) {
    case 'text':
      return token.tokens ? (
        <span key={key}>{renderInline(token.tokens, options)}</span>
      ) : (
        decodeEntities((token as Tokens.Text).text)
      )
    case 'escape':
      return (token as Tokens.Escape).text
    case 'strong':
      return <strong key={key}>{renderInline(token.tokens, options)}</strong>
    case 'em':
      return <em key={key}>{renderInline(token.tokens, options)}</em>
    case 'del':
      return <del key={key}>{renderInline(token.tokens, options)}</del>
    case 'codespan':
      return <code key={key}>{(token as Tokens.Codespan).text}</code>
    case 'br':
      return <br key={key} />
    case 'link': {
      const link = token as Tokens.Link
      const target = resolveTarget(link.href, 'link')
      if (target === null)
        return (
          <span key={key} className="as-unsafe-link" data-unsafe-link="">
            {renderInline(link.tokens, options)}
          </span>
        )
      return (
        <a
          key={key}
          href={target.href}
          title={link.title ? decodeEntities(link.title) : undefined}
          {...(target.external ? externalLink : {})}
        >
          {renderInline(link.tokens, { ...options, inLink: true })}
        </a>
      )
    }
    case 'image': {
      const image = token as Tokens.Image
      const alt = decodeEntities(image.text)
      const title = image.title ? decodeEntities(image.title) : undefined
      const target = resolveTarget(image.href, 'image')
      if (target === null) return alt
      const load =
        options.images === true || (typeof options.images === 'function' && options.images(target.resolved))
      if (load)
        return (
          <img
            key={key}
            src={target.href}
            alt={alt}
            title={title}
            loading="lazy"
            referrerPolicy="no-referrer"
          />
        )
      // Not loaded unless asked: an image URL is fetched without a click, so model output (or a prompt
      // injection in it) could send data to any server through its query string.
      const label = alt ? `Image: ${alt}` : 'Image'
      if (options.inLink)
        return (
          <span key={key} className="as-image-link" data-image="" title={title}>
            {label}
          </span>
        )
      return (
        <a
          key={key}
          href={target.href}
          className="as-image-link"
          data-image=""
          title={title}
          {...(target.external ? externalLink : {})}
        >
          {label}
        </a>
      )
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

function renderBlocks(tokens: readonly Token[], options: RenderOptions): ReactNode[] {
  return tokens.map((token, key) => renderBlockToken(token, key, options))
}

function renderBlockToken(token: Token, key: number, options: RenderOptions): ReactNode {
  switch (token.type) {
    case 'space':
    case 'def':
      return null
    case 'paragraph':
      return <p key={key}>{renderInline(token.tokens, options)}</p>
    case 'heading':
      return createElement(
        `h${Math.min(6, Math.max(1, (token as Tokens.Heading).depth))}`,
        { key },
        renderInline(token.tokens, options),
      )
    case 'code': {
      const code = token as Tokens.Code
      const lang = code.lang?.split(/\s/)[0] || undefined
      // A long line scrolls the block sideways: keyboard users must reach it, and hear what they
      // reached. A named group, not a region: regions are landmarks, and two code blocks of one
      // language would be two landmarks of one name (axe landmark-unique).
      return (
        // biome-ignore lint/a11y/useSemanticElements: a fieldset is for form controls
        <pre
          key={key}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard
          tabIndex={0}
          role="group"
          aria-label={lang ? `Code, ${lang}` : 'Code'}
          // Last, as the language may arrive after the block is in the DOM: a streamed block then
          // serializes exactly as one rendered whole.
          data-lang={lang}
        >
          <code className={lang ? `language-${lang}` : undefined}>{code.text}</code>
        </pre>
      )
    }
    case 'blockquote':
      return <blockquote key={key}>{renderBlocks(token.tokens ?? [], options)}</blockquote>
    case 'hr':
      return <hr key={key} />
    case 'list': {
      const list = token as Tokens.List
      const items = list.items.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: list items are positional
        <li key={index} data-task={item.task ? '' : undefined}>
          {renderBlocks(item.tokens, options)}
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
      // Focusable and named for the same reason as code blocks: a wide table scrolls sideways.
      return (
        // biome-ignore lint/a11y/useSemanticElements: a fieldset is for form controls
        <div
          key={key}
          className="as-table"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard
          tabIndex={0}
          role="group"
          aria-label="Table"
        >
          <table>
            <thead>
              <tr>
                {table.header.map((cell, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                  <th key={index} style={align(cell.align)}>
                    {renderInline(cell.tokens, options)}
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
                      {renderInline(cell.tokens, options)}
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
        <span key={key}>{renderInline(token.tokens, options)}</span>
      ) : (
        decodeEntities((token as Tokens.Text).text)
      )
    default:
      return renderInlineToken(token, key, options)
  }
}

interface MarkdownBlockProps {
  source: string
  final: boolean
  definitions: Links | undefined
  images: ImagePolicy
}

const MarkdownBlock = memo(function MarkdownBlock({
  source,
  final,
  definitions,
  images,
}: MarkdownBlockProps) {
  const tokens = useMemo(() => lexBlock(source, final, definitions), [source, final, definitions])
  return <>{renderBlocks(tokens, { images, inLink: false })}</>
})

/**
 * Props of {@link Markdown}.
 *
 * @example
 * ```tsx
 * const props: MarkdownProps = { text: '**Hi**', streaming: true, images: (url) => url.origin === location.origin }
 * ```
 */
export interface MarkdownProps {
  /** The markdown source so far. */
  text: string
  /** True while text is still being appended (the last block is then not cached). */
  streaming?: boolean
  className?: string
  /**
   * Which images load. By default none: `![alt](url)` renders as a link to the image (text
   * `Image: alt`), since loading it would send a request, and anything in its URL, without a click.
   * `true` loads every image `safeUrl` allows; a function decides per URL (resolved against the
   * page; on the server against `https://page.invalid/`), e.g. only your own origin or CDN. Keep a
   * function stable (module scope or `useCallback`): a new one re-renders every block.
   */
  images?: boolean | ((url: URL) => boolean)
}

/**
 * The last block while text is still arriving, without a last line that would show as something it
 * is not yet: a fence's closing line (`` ` ``, ``` `` ```) would show as code, and a line of only `-` or
 * `=` would turn the paragraph above into a setext heading for a moment ("Steps:\n-" before "- one").
 */
function holdBackUnsettledLine(block: string): string {
  const cut = block.lastIndexOf('\n')
  if (cut < 0) return block
  const line = block.slice(cut + 1)
  return /^ {0,3}(`{1,2}|~{1,2})$/.test(line) || /^[ \t]*[-=][-= \t]*$/.test(line)
    ? block.slice(0, cut)
    : block
}

/**
 * Renders streaming markdown safely (no raw HTML; links only http(s), mailto and relative; remote
 * images only when `images` allows them) and incrementally: finished blocks are lexed once and not
 * re-rendered as tokens arrive; only the last block is re-lexed. Code blocks keep their DOM nodes
 * while they grow.
 *
 * @example
 * ```tsx
 * <Markdown text={part.text} streaming={part.state === 'streaming'} />
 * <Markdown text={answer} images={(url) => url.hostname === 'cdn.example.com'} />
 * ```
 */
export const Markdown = memo(function Markdown({
  text,
  streaming = false,
  className,
  images = false,
}: MarkdownProps) {
  const blocks = splitMarkdownBlocks(text)
  const definitions = documentDefinitions(blocks, streaming)
  return (
    <div
      className={className ? `as-markdown ${className}` : 'as-markdown'}
      data-state={streaming ? 'streaming' : 'done'}
    >
      {blocks.map((source, index) => {
        const last = index === blocks.length - 1
        const final = !streaming || !last
        // Only a block with a `[` can use a definition; the others stay memoized when one arrives.
        const seen = definitions && source.includes('[') ? definitions : undefined
        return (
          <MarkdownBlock
            // biome-ignore lint/suspicious/noArrayIndexKey: blocks are append-only, their index is their identity
            key={index}
            source={final ? source : holdBackUnsettledLine(source)}
            final={final}
            definitions={seen}
            images={images}
          />
        )
      })}
    </div>
  )
})
