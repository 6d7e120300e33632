import { Chat } from '@agentstream/ui'
import { useEffect, useId, useMemo, useState, useSyncExternalStore } from 'react'
import { Canvas } from '../gallery/canvas'
import { Player } from '../gallery/player'
import { loadRecording, type Recording } from '../gallery/recording'
import {
  type ComponentStory,
  type Control,
  findStory,
  type PropValues,
  STORIES,
  type StoryState,
  sourceUrl,
} from '../gallery/stories'
import type { Theme } from '../theme'

const SPEEDS = [0.25, 0.5, 1, 2, 5, 20, 100] as const

function initialProps(story: ComponentStory): PropValues {
  return Object.fromEntries(story.controls.map((control) => [control.name, control.initial]))
}

function describeEvent(event: unknown): string {
  if (!event || typeof event !== 'object') return ''
  const record = event as Record<string, unknown>
  for (const key of ['delta', 'name', 'to', 'protocol', 'text'])
    if (typeof record[key] === 'string') return `${key}: ${JSON.stringify(record[key]).slice(0, 60)}`
  return ''
}

const ICONS = {
  play: 'M4 2.5v11l9-5.5z',
  pause: 'M4 2.5h3v11H4zM9 2.5h3v11H9z',
  step: 'M3 2.5v11l7-5.5zM11 2.5h2.5v11H11z',
  restart: 'M2.5 2.5H5v11H2.5zM13.5 2.5v11l-7.5-5.5z',
} as const

function Icon({ name }: { name: keyof typeof ICONS }) {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d={ICONS[name]} fill="currentColor" />
    </svg>
  )
}

function PlaybackBar({ player }: { player: Player }) {
  const snapshot = useSyncExternalStore(player.subscribe, player.getSnapshot)
  const speedId = useId()
  const progressId = useId()
  const atEnd = snapshot.index >= snapshot.total
  return (
    <div className="demo-playback" role="toolbar" aria-label="Playback">
      <button
        type="button"
        className="demo-button"
        onClick={() => player.restart()}
        aria-label="Restart"
        title="Restart"
      >
        <Icon name="restart" />
      </button>
      <button
        type="button"
        className="demo-button demo-play"
        data-variant="primary"
        onClick={() => player.toggle()}
        aria-label={snapshot.playing ? 'Pause' : atEnd ? 'Play again' : 'Play'}
      >
        <Icon name={snapshot.playing ? 'pause' : 'play'} />
        <span>{snapshot.playing ? 'Pause' : 'Play'}</span>
      </button>
      <button
        type="button"
        className="demo-button"
        onClick={() => player.step()}
        disabled={atEnd}
        aria-label="Step one event"
        title="Step one event"
      >
        <Icon name="step" />
        <span>Step</span>
      </button>
      <div className="demo-inline-field">
        <label htmlFor={speedId}>Speed</label>
        <select
          id={speedId}
          className="demo-select"
          value={snapshot.speed}
          onChange={(event) => player.setSpeed(Number(event.target.value))}
        >
          {SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {speed}×
            </option>
          ))}
        </select>
      </div>
      <label className="demo-progress" htmlFor={progressId}>
        <span className="demo-sr-only">Position</span>
        <input
          id={progressId}
          type="range"
          min={0}
          max={snapshot.total}
          value={snapshot.index}
          onChange={(event) => {
            player.pause()
            player.seek(Number(event.target.value))
          }}
        />
      </label>
      <output className="demo-playback-position" aria-live="off">
        <span data-testid="playback-index">{snapshot.index}</span> / {snapshot.total}
        {snapshot.last && (
          <>
            {' · '}
            <code>{snapshot.last.type}</code>{' '}
            <span className="demo-muted">{describeEvent(snapshot.last)}</span>
          </>
        )}
      </output>
    </div>
  )
}

function ControlField({
  control,
  value,
  onChange,
}: {
  control: Control
  value: string | number | boolean
  onChange: (value: string | number | boolean) => void
}) {
  const id = useId()
  if (control.type === 'boolean')
    return (
      <label className="demo-check" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(event) => onChange(event.target.checked)}
        />
        <span>{control.label}</span>
      </label>
    )
  return (
    <div className="demo-field">
      <label htmlFor={id}>{control.label}</label>
      {control.type === 'select' ? (
        <select
          id={id}
          className="demo-select"
          value={String(value)}
          onChange={(event) => onChange(event.target.value)}
        >
          {control.options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      ) : control.type === 'number' ? (
        <input
          id={id}
          className="demo-input"
          type="number"
          min={control.min}
          max={control.max}
          value={Number(value)}
          onChange={(event) => onChange(Number(event.target.value))}
        />
      ) : String(control.initial).includes('\n') ? (
        <textarea
          id={id}
          className="demo-textarea"
          rows={3}
          value={String(value)}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <input
          id={id}
          className="demo-input"
          type="text"
          value={String(value)}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </div>
  )
}

function useRecording(state: StoryState): { recording?: Recording; error?: string } {
  const [result, setResult] = useState<{ key: string; recording?: Recording; error?: string }>({ key: '' })
  useEffect(() => {
    let live = true
    loadRecording(state.source, sourceUrl(state.source), state.prompt).then(
      (recording) => live && setResult({ key: state.source, recording }),
      (error: unknown) => live && setResult({ key: state.source, error: String(error) }),
    )
    return () => {
      live = false
    }
  }, [state.source, state.prompt])
  return result.key === state.source ? result : {}
}

function Stage({ story, state, theme }: { story: ComponentStory; state: StoryState; theme: Theme }) {
  const [props, setProps] = useState<PropValues>(() => initialProps(story))
  const [canvasTheme, setCanvasTheme] = useState<Theme>(theme)
  const { recording, error } = useRecording(state)
  // A store per state, fed by the player's `dispatch`; what the user does on the canvas (send,
  // Approve / Reject, Retry, Stop) is answered locally (see gallery/canvas.ts).
  // (The Stage is keyed by story and state: a new one, with a new store, for each.)
  const [canvas] = useState(() => new Canvas(story, state))
  const store = canvas.store
  const player = useMemo(() => (recording ? new Player(store, recording) : undefined), [store, recording])
  useEffect(() => {
    if (!player) return
    canvas.attach(player)
    player.play()
    // Not `destroy()`: StrictMode runs this twice.
    return () => {
      player.pause()
      canvas.attach(undefined)
    }
  }, [canvas, player])

  return (
    <div className="demo-gallery-body">
      <section className="demo-gallery-stage" aria-labelledby="story-title">
        <header className="demo-gallery-header">
          <div>
            <h1 id="story-title">
              {story.title} <span className="demo-muted">· {state.label}</span>
            </h1>
            <p className="demo-muted">{story.description}</p>
          </div>
          <fieldset className="demo-segmented">
            <legend className="demo-sr-only">Canvas theme</legend>
            {(['light', 'dark'] as const).map((value) => (
              <button
                key={value}
                type="button"
                className="demo-button"
                aria-pressed={canvasTheme === value}
                onClick={() => setCanvasTheme(value)}
              >
                {value === 'light' ? 'Light' : 'Dark'}
              </button>
            ))}
          </fieldset>
        </header>
        {player ? (
          <PlaybackBar player={player} />
        ) : (
          <div className="demo-playback demo-muted">{error ?? 'Loading the recording…'}</div>
        )}
        <div className="demo-canvas-frame" data-theme={canvasTheme}>
          <Chat.Root store={store} theme={canvasTheme} className="demo-canvas">
            <div className={`demo-canvas-inner demo-canvas-${story.layout}`}>{story.render(props)}</div>
          </Chat.Root>
        </div>
      </section>
      <aside className="demo-gallery-props" aria-label="Props and source">
        <section aria-labelledby="props-title">
          <header className="demo-props-header">
            <h2 id="props-title">Props</h2>
            <button type="button" className="demo-link-button" onClick={() => setProps(initialProps(story))}>
              Reset
            </button>
          </header>
          <div className="demo-props">
            {story.controls.map((control) => (
              <ControlField
                key={control.name}
                control={control}
                value={props[control.name] ?? control.initial}
                onChange={(value) => setProps((current) => ({ ...current, [control.name]: value }))}
              />
            ))}
          </div>
        </section>
        <section aria-labelledby="usage-title">
          <h2 id="usage-title">Usage</h2>
          <pre className="demo-usage">
            <code>{story.usage}</code>
          </pre>
        </section>
        <section aria-labelledby="source-title">
          <h2 id="source-title">Recorded stream</h2>
          <dl className="demo-facts demo-facts-single">
            <div>
              <dt>Source</dt>
              <dd>
                <a
                  className="demo-source-link"
                  href={`${sourceUrl(state.source)}?pace=0`}
                  target="_blank"
                  rel="noreferrer"
                >
                  {state.source.replace(/^demo:/, 'demo agents: ')}
                </a>
              </dd>
            </div>
            <div>
              <dt>Protocol</dt>
              <dd>{recording?.protocol ?? '…'}</dd>
            </div>
            <div>
              <dt>Size</dt>
              <dd>
                {recording
                  ? `${recording.bytes.toLocaleString('en-US')} bytes · ${recording.frames} frames · ${recording.events.length} events`
                  : '…'}
              </dd>
            </div>
          </dl>
        </section>
      </aside>
    </div>
  )
}

export function GalleryPage({ theme, path }: { theme: Theme; path: string[] }) {
  const { story, state } = findStory(path[0], path[1])
  return (
    <div className="demo-gallery">
      <nav className="demo-gallery-nav" aria-label="Components">
        <ul>
          {STORIES.map((entry) => (
            <li key={entry.id}>
              <a
                className="demo-gallery-component"
                href={`#/gallery/${entry.id}`}
                aria-current={entry.id === story.id && !path[1] ? 'page' : undefined}
              >
                {entry.title}
              </a>
              {entry.id === story.id && (
                <ul>
                  {entry.states.map((candidate) => (
                    <li key={candidate.id}>
                      <a
                        href={`#/gallery/${entry.id}/${candidate.id}`}
                        aria-current={candidate.id === state.id ? 'page' : undefined}
                      >
                        {candidate.label}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <Stage key={`${story.id}/${state.id}`} story={story} state={state} theme={theme} />
    </div>
  )
}
