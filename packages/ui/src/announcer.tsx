import type { Message, RunState } from '@agentstream/core'
import { useAgentStreamContext } from '@agentstream/react'
import { Lexer, type Token, type Tokens } from 'marked'
import { useEffect, useState } from 'react'

const maxMessageChars = 400

const inline = new Set(['text', 'strong', 'em', 'del', 'link', 'image', 'codespan', 'escape'])

/** What a markdown text says, without its markup: a screen reader would read `**` and `#` aloud. */
function plainText(tokens: readonly Token[]): string {
  let text = ''
  for (const token of tokens) {
    // Blocks are set apart; inline runs join as written ("**Os**lo" is "Oslo").
    const gap = inline.has(token.type) ? '' : ' '
    if (token.type === 'list') text += gap + plainText((token as Tokens.List).items)
    else if (token.type === 'table') {
      const table = token as Tokens.Table
      for (const row of [table.header, ...table.rows])
        for (const cell of row) text += ` ${plainText(cell.tokens)}`
    } else if ('tokens' in token && token.tokens) text += gap + plainText(token.tokens)
    else text += gap + ('text' in token && typeof token.text === 'string' ? token.text : '')
  }
  return text
}

function clip(markdown: string): string {
  // Reads only as much of a long answer as the announcement keeps: the whole of a 100 KB
  // answer would be scanned in the task that settles the run.
  for (let end = maxMessageChars * 2; ; end *= 2) {
    const flat = plainText(Lexer.lex(markdown.slice(0, end), { gfm: true }))
      .replace(/\s+/g, ' ')
      .trim()
    if (flat.length > maxMessageChars) return `${flat.slice(0, maxMessageChars)}…`
    if (end >= markdown.length) return flat
  }
}

function describeMessage(message: Message, cutShort: boolean): { note: string; cut: boolean } | null {
  if (message.role !== 'assistant') return null
  const who = message.agent ?? 'Assistant'
  let text = ''
  let refusal = ''
  for (const part of message.parts) {
    if (part.type === 'text') text += part.text
    else if (part.type === 'refusal') refusal += part.text
  }
  if (refusal) return { note: `${who} refused: ${clip(refusal)}`, cut: false }
  // Said first: otherwise the clipped beginning of a cut-short answer sounds like a whole one.
  if (text.trim())
    return { note: `${who}${cutShort ? '’s reply was cut short' : ' replied'}: ${clip(text)}`, cut: cutShort }
  return null
}

/**
 * What changed between two published states that a screen reader should hear: finished messages,
 * settled tool calls, approvals asked for, errors, stops and answers cut short. Never individual
 * tokens.
 */
export function announcements(state: RunState, previous: RunState): string[] {
  const notes: string[] = []
  // An `incomplete` run settles its last message in the same change: that one is what was cut.
  let cutShort = state.status === 'incomplete' && previous.status !== 'incomplete'
  if (state.messages !== previous.messages && state.messages.length > previous.messages.length) {
    const before = previous.messages.length
    // Only appended messages (a retry that rewinds the history announces nothing here).
    if (before === 0 || state.messages[before - 1] === previous.messages[before - 1]) {
      for (let index = before; index < state.messages.length; index++) {
        const described = describeMessage(
          state.messages[index]!,
          cutShort && index === state.messages.length - 1,
        )
        if (!described) continue
        notes.push(described.note)
        if (described.cut) cutShort = false
      }
    }
  }
  if (state.toolCalls !== previous.toolCalls) {
    for (const id of state.toolCallIds) {
      const call = state.toolCalls[id]!
      const old = previous.toolCalls[id]
      if (old?.status === call.status) continue
      const name = call.name || 'A tool'
      if (call.status === 'done') notes.push(`${name} finished.`)
      else if (call.status === 'error')
        notes.push(`${name} failed${call.error ? `: ${clip(call.error)}` : '.'}`)
      else if (call.status === 'denied') notes.push(`${name} was rejected.`)
      else if (call.status === 'awaiting-approval') notes.push(`${name} needs your approval.`)
    }
  }
  if (state.status !== previous.status) {
    if (state.status === 'error') notes.push(`Error: ${state.error?.message ?? 'the run failed.'}`)
    else if (state.status === 'stopped') notes.push('Stopped.')
    else if (cutShort) notes.push('The answer was cut short.')
  }
  return notes
}

/**
 * The one polite live region of a chat: finished messages, tool results, approvals, errors, answers
 * cut short. The
 * streaming text itself is not in a live region. Each announcement is appended as its own node (so
 * a screen reader reads only what is new, even when several arrive together) and removed a while
 * later.
 */
export function Announcer() {
  const store = useAgentStreamContext()
  const [notes, setNotes] = useState<readonly { id: number; text: string }[]>([])
  useEffect(() => {
    let next = 0
    const timers = new Set<ReturnType<typeof setTimeout>>()
    const unsubscribe = store.subscribe((state, previous) => {
      const texts = announcements(state, previous)
      if (texts.length === 0) return
      const added = texts.map((text) => ({ id: next++, text }))
      setNotes((current) => [...current, ...added].slice(-keep))
      const timer = setTimeout(() => {
        timers.delete(timer)
        setNotes((current) => current.filter((note) => !added.includes(note)))
      }, lifetime)
      timers.add(timer)
    })
    return () => {
      unsubscribe()
      for (const timer of timers) clearTimeout(timer)
    }
  }, [store])
  return (
    <div className="as-sr-only as-announcer" role="status" aria-live="polite" aria-relevant="additions text">
      {notes.map((note) => (
        <p key={note.id}>{note.text}</p>
      ))}
    </div>
  )
}

const keep = 6
const lifetime = 8000
