/**
 * Plays a recording into a store, one event per tick: play, pause, step, speed, seek, restart.
 * The store is a plain `createAgentStream({ batch: 'frame' })`; events go in with `store.dispatch`.
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

  constructor(
    readonly store: AgentStream,
    readonly recording: Recording,
    speed = 1,
  ) {
    this.snapshot = { index: 0, total: recording.events.length, playing: false, speed, last: undefined }
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  getSnapshot = () => this.snapshot

  private set(patch: Partial<PlayerSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch }
    for (const listener of [...this.listeners]) listener()
  }

  private dispatchNext(): boolean {
    const { index, total } = this.snapshot
    if (index >= total) return false
    const event = this.recording.events[index]!
    // The store stamps tool-call times on the event object: give it a fresh copy each time.
    this.store.dispatch({ ...event } as RunEvent)
    this.set({ index: index + 1, last: event })
    return true
  }

  step() {
    this.pause()
    this.dispatchNext()
    this.store.flush()
  }

  play() {
    if (this.snapshot.playing) return
    if (this.snapshot.index >= this.snapshot.total) this.seek(0)
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
    this.set({ index: 0, last: undefined })
    let last: RunEvent | undefined
    for (let position = 0; position < target; position++) {
      last = this.recording.events[position]!
      this.store.dispatch({ ...last } as RunEvent)
    }
    this.store.flush()
    this.set({ index: target, last })
  }

  /** Back to the start, playing. */
  restart() {
    this.pause()
    this.seek(0)
    this.play()
  }

  destroy() {
    clearTimeout(this.timer)
    this.listeners.clear()
  }
}
