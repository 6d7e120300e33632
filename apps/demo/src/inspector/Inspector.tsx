import type { AgentStream } from '@agentstream/core'
import { summarize } from '@agentstream/core/summary'
import { useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { type InspectorEntry, type Recorder, recordingName } from './recorder'

const ROW_LIMIT = 400

const KIND_LABELS: Record<InspectorEntry['kind'], string> = {
  request: 'request',
  response: 'response',
  frame: 'frame',
  comment: 'comment',
  event: 'event',
  end: 'end',
  error: 'error',
}

function time(entry: InspectorEntry): string {
  return entry.elapsed < 10_000 ? `+${entry.elapsed} ms` : `+${(entry.elapsed / 1000).toFixed(2)} s`
}

function matches(entry: InspectorEntry, type: string, text: string): boolean {
  if (type === 'frames' && entry.kind !== 'frame') return false
  if (type === 'events' && entry.kind !== 'event') return false
  if (type.startsWith('frame:') && (entry.kind !== 'frame' || entry.type !== type.slice(6))) return false
  if (type.startsWith('event:') && (entry.kind !== 'event' || entry.type !== type.slice(6))) return false
  if (!text) return true
  const needle = text.toLowerCase()
  return entry.type.toLowerCase().includes(needle) || entry.detail.toLowerCase().includes(needle)
}

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1_000)
}

function SummaryDialog({ store, onClose }: { store: AgentStream; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  const json = useMemo(() => JSON.stringify(summarize(store.getState()), null, 2), [store])
  const [copied, setCopied] = useState(false)
  useLayoutEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal?.()
  }, [])
  return (
    <dialog ref={ref} className="demo-dialog" aria-labelledby="summary-title" onClose={onClose}>
      <header className="demo-dialog-header">
        <h2 id="summary-title">Run summary</h2>
        <p className="demo-muted">
          <code>summarize(state)</code> — the same object as <code>agentstream replay FILE --json</code>.
        </p>
      </header>
      <pre className="demo-code" data-testid="run-summary">
        {json}
      </pre>
      <footer className="demo-dialog-footer">
        <button
          type="button"
          className="demo-button"
          onClick={() => {
            void navigator.clipboard?.writeText(json).then(() => setCopied(true))
          }}
        >
          {copied ? 'Copied' : 'Copy JSON'}
        </button>
        <button
          type="button"
          className="demo-button"
          data-variant="primary"
          onClick={() => ref.current?.close()}
        >
          Close
        </button>
      </footer>
    </dialog>
  )
}

/** Every raw frame and decoded event, filterable, with the run summary and the recording one click away. */
export function Inspector({ recorder, store }: { recorder: Recorder; store: AgentStream }) {
  const version = useSyncExternalStore(recorder.subscribe, recorder.getVersion)
  const [text, setText] = useState('')
  const [type, setType] = useState('all')
  const [open, setOpen] = useState<number | null>(null)
  const [showSummary, setShowSummary] = useState(false)
  const listRef = useRef<HTMLOListElement>(null)
  const follow = useRef(true)

  const entries = recorder.entries
  // biome-ignore lint/correctness/useExhaustiveDependencies: the recorder appends in place; `version` says when
  const types = useMemo(() => {
    const frames = new Set<string>()
    const events = new Set<string>()
    for (const entry of recorder.entries)
      if (entry.kind === 'frame') frames.add(entry.type)
      else if (entry.kind === 'event') events.add(entry.type)
    return { frames: [...frames].sort(), events: [...events].sort() }
  }, [recorder, version])
  const filtered = entries.filter((entry) => matches(entry, type, text.trim()))
  const shown = filtered.slice(-ROW_LIMIT)
  const last = recorder.requests[recorder.requests.length - 1]
  const frames = recorder.requests.reduce((sum, request) => sum + request.frames, 0)
  const events = recorder.requests.reduce((sum, request) => sum + request.events, 0)

  useLayoutEffect(() => {
    const list = listRef.current
    if (list && follow.current) list.scrollTop = list.scrollHeight
  })

  return (
    <section className="demo-inspector" aria-labelledby="inspector-title">
      <header className="demo-inspector-header">
        <h2 id="inspector-title">Event inspector</h2>
        <p className="demo-muted" aria-live="off">
          {recorder.requests.length} request{recorder.requests.length === 1 ? '' : 's'} · {frames} frames ·{' '}
          {events} events · {last?.bytes ?? 0} bytes
        </p>
      </header>
      <div className="demo-inspector-tools">
        <input
          className="demo-input"
          type="search"
          placeholder="Filter by text…"
          aria-label="Filter by text"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <select
          className="demo-select"
          aria-label="Filter by type"
          value={type}
          onChange={(event) => setType(event.target.value)}
        >
          <option value="all">Everything</option>
          <option value="frames">All raw frames</option>
          <option value="events">All decoded events</option>
          {types.frames.length > 0 && (
            <optgroup label="Raw frames">
              {types.frames.map((name) => (
                <option key={name} value={`frame:${name}`}>
                  {name}
                </option>
              ))}
            </optgroup>
          )}
          {types.events.length > 0 && (
            <optgroup label="Decoded events">
              {types.events.map((name) => (
                <option key={name} value={`event:${name}`}>
                  {name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <div className="demo-inspector-actions">
        <button type="button" className="demo-button" onClick={() => setShowSummary(true)}>
          Run summary
        </button>
        <button
          type="button"
          className="demo-button"
          disabled={!last || last.bytes === 0}
          onClick={() => {
            const blob = recorder.recording()
            if (blob && last) download(blob, recordingName(last, store.getState().protocol))
          }}
        >
          Download recording (.sse)
        </button>
        <button
          type="button"
          className="demo-button"
          disabled={entries.length === 0}
          onClick={() => {
            recorder.clear()
            setOpen(null)
          }}
        >
          Clear
        </button>
      </div>
      {filtered.length > shown.length && (
        <p className="demo-muted demo-inspector-note">
          Showing the last {shown.length} of {filtered.length} matching rows.
        </p>
      )}
      <ol
        ref={listRef}
        className="demo-inspector-list"
        aria-label="Frames and events"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
        onScroll={(event) => {
          const list = event.currentTarget
          follow.current = list.scrollHeight - list.scrollTop - list.clientHeight < 40
        }}
      >
        {shown.length === 0 && (
          <li className="demo-inspector-empty">
            {entries.length === 0
              ? 'Send a message: every frame and event shows up here.'
              : 'Nothing matches the filter.'}
          </li>
        )}
        {shown.map((entry) => (
          <li key={entry.seq} className="demo-inspector-row" data-kind={entry.kind} data-type={entry.type}>
            <button
              type="button"
              className="demo-inspector-line"
              aria-expanded={open === entry.seq}
              onClick={() => setOpen(open === entry.seq ? null : entry.seq)}
            >
              <time
                className="demo-inspector-time"
                dateTime={new Date(entry.at).toISOString()}
                title={new Date(entry.at).toISOString()}
              >
                {time(entry)}
              </time>
              <span className="demo-inspector-kind">{KIND_LABELS[entry.kind]}</span>
              <span className="demo-inspector-type">{entry.type}</span>
              <span className="demo-inspector-summary">{entry.summary}</span>
            </button>
            {open === entry.seq && <pre className="demo-inspector-detail">{entry.detail}</pre>}
          </li>
        ))}
      </ol>
      {showSummary && <SummaryDialog store={store} onClose={() => setShowSummary(false)} />}
    </section>
  )
}
