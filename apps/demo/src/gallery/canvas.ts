/**
 * The store behind a Gallery canvas. The Player dispatches the story's recorded events into it, and
 * everything a user can do on the canvas is answered locally, with no server behind it:
 *
 * - a message (the composer, a suggestion) gets a short recorded reply, streamed through the store
 *   by a replay `fetch` (`@agentstream/core/testing`), after the rest of the story;
 * - Approve / Reject go on with the story state that recorded what came next, when there is one
 *   (`StoryState.next`: “Awaiting approval” → “After approval”);
 * - Retry plays the story again (a reply of the canvas's own is sent again);
 * - Stop stops the story where it is.
 */
import type { AgentStream, ApprovalDecision, RunEvent } from '@agentstream/core'
import { createAgentStream } from '@agentstream/core'
import { createReplayFetch } from '@agentstream/core/testing'
import type { Player } from './player'
import { loadRecording } from './recording'
import { type ComponentStory, type StoryState, sourceUrl } from './stories'

export const LOCAL_REPLY =
  'The Gallery has no agent behind this canvas, so this is a short recorded reply, streamed through the same store as the story. Restart (or Play) goes back to the story.'

/** Milliseconds between the reply's frames. */
const REPLY_PACE = 30

/** A Chat Completions stream of `text`, one word per frame, and the size of each frame in bytes. */
export function chatCompletionsReply(text: string): { body: string; chunkSizes: number[] } {
  const chunk = (delta: Record<string, string>, finish: string | null) =>
    `data: ${JSON.stringify({
      id: 'gallery-reply',
      object: 'chat.completion.chunk',
      created: 0,
      model: 'gallery',
      choices: [{ index: 0, delta, finish_reason: finish }],
    })}\n\n`
  const frames = text
    .split(/(?<= )/)
    .map((word, index) => chunk(index === 0 ? { role: 'assistant', content: word } : { content: word }, null))
  frames.push(chunk({}, 'stop'), 'data: [DONE]\n\n')
  const encoder = new TextEncoder()
  return { body: frames.join(''), chunkSizes: frames.map((frame) => encoder.encode(frame).byteLength) }
}

export class Canvas {
  /** The store for `Chat.Root` (and the Player). */
  readonly store: AgentStream
  private readonly inner: AgentStream
  private player: Player | undefined
  /** Approval decisions being collected (the store reports each once all are answered). */
  private decisions: { at: number; list: ApprovalDecision[] } | undefined

  constructor(
    readonly story: ComponentStory,
    readonly state: StoryState,
  ) {
    const reply = chatCompletionsReply(LOCAL_REPLY)
    const inner = createAgentStream({
      // Never fetched: the replay `fetch` answers every request.
      url: 'gallery:local-reply',
      batch: 'frame',
      fetch: createReplayFetch([{ body: reply.body, chunkSizes: reply.chunkSizes, delay: REPLY_PACE }]),
      // Approvals are answered here, not by a request.
      onApprovalResponse: (decision) => this.decided(decision),
    })
    this.inner = inner
    this.store = {
      ...inner,
      send: (input, extra) => {
        // The rest of the story first (a follow-up comes after its end; before its first event, the
        // message starts a conversation of its own), then the canvas's own exchange.
        if (this.player && this.player.getSnapshot().index > 0) this.player.finish()
        this.player?.detach()
        return inner.send(input, extra)
      },
      retry: async () => {
        if (this.player && !this.player.isDetached) this.player.restart()
        else await inner.retry()
      },
      stop: () => {
        this.player?.detach()
        inner.stop()
        // The story mid-stream has no request to abort: it stops where it is.
        const status = inner.getState().status
        if (status === 'connecting' || status === 'streaming' || status === 'reconnecting')
          inner.dispatch({ type: 'request-stop' })
      },
    }
  }

  /** The player of the story once its recording is loaded; `undefined` when it goes. */
  attach(player: Player | undefined) {
    if (!player) this.inner.disconnect()
    this.player = player
  }

  private decided(decision: ApprovalDecision) {
    if (this.decisions) {
      this.decisions.list.push(decision)
      return
    }
    this.decisions = { at: this.player?.getSnapshot().index ?? 0, list: [decision] }
    queueMicrotask(() => void this.continueAfterDecisions())
  }

  private async continueAfterDecisions() {
    const { at, list } = this.decisions!
    this.decisions = undefined
    const player = this.player
    const next = list.every((decision) => decision.approved)
      ? this.state.next?.approved
      : list.every((decision) => !decision.approved)
        ? this.state.next?.rejected
        : undefined
    const target = next ? this.story.states.find((candidate) => candidate.id === next) : undefined
    if (!player || !target) return
    const recording = await loadRecording(target.source, sourceUrl(target.source)).catch(() => undefined)
    if (!recording || this.player !== player) return
    const applied: RunEvent[] = list.map(({ callId, approved, reason }) => ({
      type: 'approval-response',
      callId,
      approved,
      ...(reason !== undefined ? { reason } : {}),
    }))
    player.continueWith(at, applied, recording.events)
  }
}
