import type { AgentStream } from '@agentstream/core'
import { summarize } from '@agentstream/core/summary'
import {
  memo,
  useCallback,
  useDeferredValue,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react'
import { type InspectorEntry, MAX_ENTRIES, type Recorder, recordingName } from './recorder'

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

const count = (value: number) => value.toLocaleString('en-US')

/**
 * The rows that pass the filters. The text is matched case-insensitively by one regular expression
 * (no lower-cased copy of every row's detail: 20,000 rows of pretty JSON stay quick to search).
 */
function filterEntries(entries: readonly InspectorEntry[], type: string, text: string): InspectorEntry[] {
  const needle = text ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i') : undefined
  const kind = type === 'frames' ? 'frame' : type === 'events' ? 'event' : undefined
  const [prefix, name] = type.startsWith('frame:')
    ? ['frame', type.slice(6)]
    : type.startsWith('event:')
      ? ['event', type.slice(6)]
      : [undefined, undefined]
  if (!needle && !kind && !prefix) return entries as InspectorEntry[]
  return entries.filter(
    (entry) =>
      (!kind || entry.kind === kind) &&
      (!prefix || (entry.kind === prefix && entry.type === name)) &&
      (!needle || needle.test(entry.type) || needle.test(entry.detail)),
  )
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
      {/* biome-ignore lint/a11y/useSemanticElements: a fieldset is for form controls */}
      <pre
        className="demo-code"
        data-testid="run-summary"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard
        tabIndex={0}
        role="group"
        aria-label="Run summary (JSON)"
      >
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

/** The rows shown: memoized, so a keystroke in the filter does not render 400 rows again before the list changes. */
const Rows = memo(function Rows({
  rows,
  open,
  toggle,
}: {
  rows: readonly InspectorEntry[]
  open: number | null
  toggle: (seq: number) => void
}) {
  return rows.map((entry) => (
    <li key={entry.seq} className="demo-inspector-row" data-kind={entry.kind} data-type={entry.type}>
      <button
        type="button"
        className="demo-inspector-line"
        aria-expanded={open === entry.seq}
        onClick={() => toggle(entry.seq)}
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
      {open === entry.seq && (
        // biome-ignore lint/a11y/useSemanticElements: a fieldset is for form controls
        <pre
          className="demo-inspector-detail"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard
          tabIndex={0}
          role="group"
          aria-label={`${KIND_LABELS[entry.kind]} ${entry.type}, in full`}
        >
          {entry.detail}
        </pre>
      )}
    </li>
  ))
})

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
  // Typing stays responsive with 20,000 rows: the list follows the filters a render later.
  const deferredText = useDeferredValue(text.trim())
  const deferredType = useDeferredValue(type)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the recorder appends in place; `version` says when
  const types = useMemo(() => {
    const frames = new Set<string>()
    const events = new Set<string>()
    for (const entry of recorder.entries)
      if (entry.kind === 'frame') frames.add(entry.type)
      else if (entry.kind === 'event') events.add(entry.type)
    return { frames: [...frames].sort(), events: [...events].sort() }
  }, [recorder, version])
  // biome-ignore lint/correctness/useExhaustiveDependencies: the recorder appends in place; `version` says when
  const filtered = useMemo(
    () => filterEntries(recorder.entries, deferredType, deferredText),
    [recorder, version, deferredType, deferredText],
  )
  // biome-ignore lint/correctness/useExhaustiveDependencies: the recorder appends in place; `version` says when
  const shown = useMemo(() => filtered.slice(-ROW_LIMIT), [filtered, version])
  const toggle = useCallback((seq: number) => setOpen((current) => (current === seq ? null : seq)), [])
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
      {(filtered.length > shown.length || recorder.dropped > 0) && (
        <p className="demo-muted demo-inspector-note">
          {filtered.length > shown.length &&
            `Showing the last ${count(shown.length)} of ${count(filtered.length)} matching rows. `}
          {recorder.dropped > 0 &&
            `The inspector keeps the last ${count(MAX_ENTRIES)} of ${count(entries.length + recorder.dropped)} rows: the first ${count(recorder.dropped)} were dropped.`}
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
        <Rows rows={shown} open={open} toggle={toggle} />
      </ol>
      {showSummary && <SummaryDialog store={store} onClose={() => setShowSummary(false)} />}
    </section>
  )
}
