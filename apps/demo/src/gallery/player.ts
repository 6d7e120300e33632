/**
 * Plays a recording into a store, one event per tick: play, pause, step, speed, seek, restart.
 * The store is a plain `createAgentStream({ batch: 'frame' })`; events go in with `store.dispatch`.
 * A story can go on: `continueWith` appends what a server streams next (after an approval), and a
 * message sent from the canvas puts the player aside until it plays again (`detach`).
 */
import type { AgentStream, RunEvent } from '@agentstream/core'
import type { Recording } from './recording'

export interface PlayerSnapshot {
  index: number
  total: number
  playing: boolean
  speed: number
  last: RunEvent | undefined
}

/** Milliseconds per event at 1×. */
export const BASE_INTERVAL = 60

export class Player {
  private snapshot: PlayerSnapshot
  private listeners = new Set<() => void>()
  private timer: ReturnType<typeof setTimeout> | undefined
  /** The recording's events, then any continuation. */
  private events: readonly RunEvent[]
  /** The store holds more than the events played (a message sent from the canvas). */
  private detached = false

  constructor(
    readonly store: AgentStream,
    readonly recording: Recording,
    speed = 1,
  ) {
    this.events = recording.events
    this.snapshot = { index: 0, total: recording.events.length, playing: false, speed, last: undefined }
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  getSnapshot = () => this.snapshot

  /** The store has moved on from the story (a message sent from the canvas, a stop). */
  get isDetached() {
    return this.detached
  }

  private set(patch: Partial<PlayerSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch }
    for (const listener of [...this.listeners]) listener()
  }

  private dispatchNext(): boolean {
    const { index, total } = this.snapshot
    if (index >= total) return false
    const event = this.events[index]!
    // The store stamps tool-call times on the event object: give it a fresh copy each time.
    this.store.dispatch({ ...event } as RunEvent)
    this.set({ index: index + 1, last: event })
    return true
  }

  step() {
    this.pause()
    if (this.detached) this.seek(this.snapshot.index)
    this.dispatchNext()
    this.store.flush()
  }

  play() {
    if (this.snapshot.playing) return
    if (this.snapshot.index >= this.snapshot.total) this.seek(0)
    // Back to the story where it was: what was sent from the canvas goes.
    else if (this.detached) this.seek(this.snapshot.index)
    this.set({ playing: true })
    this.tick()
  }

  private tick() {
    clearTimeout(this.timer)
    const interval = BASE_INTERVAL / this.snapshot.speed
    // Above ~250 events a second, several go per tick.
    const perTick = Math.max(1, Math.round(4 / interval))
    this.timer = setTimeout(
      () => {
        if (!this.snapshot.playing) return
        let more = true
        for (let count = 0; count < perTick && more; count++) more = this.dispatchNext()
        if (more && this.snapshot.index < this.snapshot.total) this.tick()
        else this.set({ playing: false })
      },
      Math.max(4, interval),
    )
  }

  pause() {
    clearTimeout(this.timer)
    if (this.snapshot.playing) this.set({ playing: false })
  }

  toggle() {
    if (this.snapshot.playing) this.pause()
    else this.play()
  }

  setSpeed(speed: number) {
    this.set({ speed })
    if (this.snapshot.playing) this.tick()
  }

  /** Goes to just after the first `index` events: from the start, as fast as it can. */
  seek(index: number) {
    const target = Math.max(0, Math.min(this.snapshot.total, index))
    this.store.reset()
    this.detached = false
    this.set({ index: 0, last: undefined })
    let last: RunEvent | undefined
    for (let position = 0; position < target; position++) {
      last = this.events[position]!
      this.store.dispatch({ ...last } as RunEvent)
    }
    this.store.flush()
    this.set({ index: target, last })
  }

  /** Back to the start of the recording as recorded (without a continuation), playing. */
  restart() {
    this.pause()
    this.events = this.recording.events
    this.set({ total: this.events.length })
    this.seek(0)
    this.play()
  }

  /** Plays the rest of the story at once (before the canvas sends a message of its own). */
  finish() {
    this.pause()
    if (this.detached) return
    let more = true
    while (more) more = this.dispatchNext()
    this.store.flush()
  }

  /** The store is about to get events the player did not play: `play` and `step` start from a replay. */
  detach() {
    this.pause()
    this.detached = true
  }

  /**
   * Goes on with `events` (a recording of what the server streamed next) after the story's end.
   * `applied` went into the store when the player was at `at` (the approval decisions): they are
   * recorded there too, so seeking back and forth replays them, and are not dispatched again.
   */
  continueWith(at: number, applied: readonly RunEvent[], events: readonly RunEvent[]) {
    if (this.detached) return
    const position = Math.min(at, this.events.length)
    this.events = [...this.events.slice(0, position), ...applied, ...this.events.slice(position), ...events]
    const index = this.snapshot.index >= position ? this.snapshot.index + applied.length : this.snapshot.index
    this.set({ index, total: this.events.length })
    this.play()
  }

  destroy() {
    clearTimeout(this.timer)
    this.listeners.clear()
  }
}
