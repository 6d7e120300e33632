import type { AgentStream, AgentStreamError, RunState } from '@agentstream/core'
import { selectMessages } from '@agentstream/core'
import { useAgentSelector, useAgentStreamContext, useAgentStreamStore, useRunError } from '@agentstream/react'
import { Chat, useChatContext } from '@agentstream/ui'
import { useId, useMemo, useRef, useState } from 'react'
import { PROTOCOL_LABELS, PROTOCOLS } from '../api'
import { RunSide } from '../components/RunSide'
import { Inspector } from '../inspector/Inspector'
import { Recorder } from '../inspector/recorder'
import type { Theme } from '../theme'
import { StoppedNotice } from './ChatPage'

export interface ConnectForm {
  url: string
  method: 'POST' | 'GET'
  /** `Name: value`, one per line. */
  headers: string
  /** A JSON template: `{{message}}` is the user's message, `{{history}}` the conversation. Empty: the kit's default body. */
  body: string
  protocol: 'auto' | (typeof PROTOCOLS)[number]
}

interface Preset {
  id: string
  label: string
  group: 'Live' | 'Protocols' | 'Failures'
  description: string
  form: ConnectForm
  message: string
}

const PACE = 25
/** Seconds without a byte before a request counts as hung (the form's default; 0: wait forever). */
export const IDLE_TIMEOUT_SECONDS = 30
const TEMPLATE = '{\n  "message": "{{message}}",\n  "history": {{history}}\n}'

const FIXTURE_PRESETS: [string, string, string][] = [
  ['openai-agents', 'openai-agents/handoff', 'a handoff between two agents'],
  ['openai-responses', 'openai-responses/reasoning', 'reasoning, then the answer'],
  ['openai-chat', 'openai-chat/parallel-tools', 'text, then three tool calls by index'],
  ['ai-sdk', 'ai-sdk/tool-call', 'a multi-step tool call'],
  ['ag-ui', 'ag-ui/handoff', 'a subagent handoff'],
  ['text', 'text/multi-line', 'plain data: lines'],
]

const fixtureForm = (path: string): ConnectForm => ({
  url: `/api/fixtures/${path}?pace=${PACE}`,
  method: 'POST',
  headers: 'X-Demo: connect-page',
  body: TEMPLATE,
  protocol: 'auto',
})

export const PRESETS: Preset[] = [
  {
    id: 'agent',
    label: 'Demo agents',
    group: 'Live',
    description: 'The embedded @openai/agents endpoint (POST /api/agent, the kit’s default body).',
    form: { url: '/api/agent', method: 'POST', headers: '', body: '', protocol: 'auto' },
    message: 'What’s the weather in Oslo?',
  },
  ...FIXTURE_PRESETS.map(
    ([protocol, path, what]): Preset => ({
      id: protocol,
      label: PROTOCOL_LABELS[protocol] ?? protocol,
      group: 'Protocols',
      description: `A recorded ${PROTOCOL_LABELS[protocol]} stream (${path}): ${what}, replayed one frame every ${PACE} ms.`,
      form: fixtureForm(path),
      message: 'Replay the recording',
    }),
  ),
  {
    id: 'error-mid-stream',
    label: 'Error mid-stream',
    group: 'Failures',
    description:
      'Chat Completions sends an error frame halfway through the answer (openai-chat/error-mid-stream).',
    form: fixtureForm('openai-chat/error-mid-stream'),
    message: 'Replay the recording',
  },
  {
    id: 'truncated',
    label: 'Truncated stream',
    group: 'Failures',
    description:
      'The connection drops inside a frame, in the middle of an emoji (openai-chat/broken/truncated).',
    form: fixtureForm('openai-chat/broken/truncated'),
    message: 'Replay the recording',
  },
  {
    id: 'unreachable',
    label: 'Unreachable server',
    group: 'Failures',
    description: 'Nothing listens on this port: what a CORS failure or a server that is down looks like.',
    form: {
      url: 'http://127.0.0.1:39999/v1/stream',
      method: 'POST',
      headers: '',
      body: TEMPLATE,
      protocol: 'auto',
    },
    message: 'Hello?',
  },
]

export function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim()
    if (name) headers[name] = line.slice(colon + 1).trim()
  }
  return headers
}

/** Fills `{{message}}` (JSON-escaped; a quoted `"{{message}}"` becomes a JSON string) and `{{history}}`. */
export function renderBody(template: string, message: string, state: RunState): string {
  const history = selectMessages(state)
    .slice(0, -1)
    .map((entry) => ({
      role: entry.role,
      content: entry.parts.map((part) => (part.type === 'text' ? part.text : '')).join(''),
    }))
    .filter((entry) => entry.content)
  const quoted = JSON.stringify(message)
  const body = template
    .replace(/"\{\{message\}\}"/g, () => quoted)
    .replace(/\{\{message\}\}/g, () => quoted.slice(1, -1))
    .replace(/\{\{history\}\}/g, () => JSON.stringify(history))
  try {
    JSON.parse(body)
  } catch (error) {
    throw new Error(`the body is not valid JSON once {{message}} is filled in (${(error as Error).message}).`)
  }
  return body
}

const ADVANCED = '“Headers and body, idle timeout”'

/** What the user should check, in words, for the error the run ended with. */
export function connectionHint(
  error: AgentStreamError,
  response: { status?: number; contentType?: string; bytes: number; frames: number } | undefined,
  origin: string,
  idleSeconds: number,
): string | null {
  const answered = response?.status !== undefined
  if (error.kind === 'network') {
    if (answered || error.message.startsWith('The connection was lost'))
      return `${answered ? `The server answered (HTTP ${response.status}) and had sent ${response.bytes} bytes (${response.frames} frame${response.frames === 1 ? '' : 's'})` : 'The stream had started'} when the connection dropped, before the run finished. A proxy or load balancer may have cut a long response, or the server crashed or restarted: check its logs. The inspector shows where the stream stopped; Retry sends the request again.`
    return `The browser got no response at all. Check that the server is running and the URL is right. If it is on another origin, it must allow this page (${origin}) with CORS headers — Access-Control-Allow-Origin, and for JSON POSTs Access-Control-Allow-Headers: content-type — or you can proxy it through your own dev server.`
  }
  if (error.kind === 'timeout') {
    const limit = idleSeconds > 0 ? `${idleSeconds} s` : 'the idle timeout'
    if (answered && response.bytes > 0)
      return `The stream went silent: nothing more arrived for ${limit} after ${response.bytes} bytes. The agent may be stuck (a tool that never returns), or something buffers the stream. Check the server's logs, or raise the idle timeout under ${ADVANCED} if it can think that long.`
    if (answered)
      return `The server answered (HTTP ${response.status}) but then sent nothing for ${limit}. It may buffer its output instead of flushing each event (a proxy, compression, or a framework that collects the whole answer), or the agent is stuck before its first event. Check that the endpoint flushes as it goes, or raise the idle timeout under ${ADVANCED}.`
    return `The server took the request but did not answer for ${limit}: no status, no headers. It may be overloaded or stuck, or it may be waiting for a request body it did not get (check the method and the body). Check its logs, or raise the idle timeout under ${ADVANCED}.`
  }
  if (error.kind === 'http' && error.status !== undefined && error.status >= 200 && error.status < 300) {
    const type =
      response?.contentType ?? /answered \d+ with ([^,]+),/.exec(error.message)?.[1] ?? 'no content type'
    return `The server answered ${error.status} with ${type}, not an event stream. Is it a login page (a proxy or single sign-on in front of the API)? The wrong URL (a web page, or an app's catch-all page instead of the API route)? Or did the endpoint answer without streaming — many APIs stream only when asked, with "stream": true in the body (under ${ADVANCED}) or Accept: text/event-stream? The inspector shows what came back.`
  }
  if (error.kind === 'http' && (error.status === 404 || error.status === 405))
    return 'The server is up but has nothing at this URL for this method. Check the path and the method.'
  if (error.kind === 'http' && (error.status === 401 || error.status === 403))
    return `The server wants credentials: add an Authorization header under ${ADVANCED}.`
  if (error.kind === 'unsupported')
    return 'The protocol could not be told from the response: choose it in the Protocol menu.'
  if (error.kind === 'client') return `Fix the request under ${ADVANCED} and send again.`
  return null
}

function ConnectionHint({ recorder, idleSeconds }: { recorder: Recorder; idleSeconds: number }) {
  const error = useRunError()
  const status = useAgentSelector(undefined, (state) => state.status)
  if (status !== 'error' || !error) return null
  const hint = connectionHint(error, recorder.requests.at(-1), window.location.origin, idleSeconds)
  if (!hint) return null
  return (
    <div className="demo-hint" role="note">
      <strong>What to check</strong>
      <p>{hint}</p>
    </div>
  )
}

/** The error notice, headed by what happened: a server that was never reached is not a lost connection. */
function ConnectErrorNotice({ recorder }: { recorder: Recorder }) {
  const error = useRunError()
  const answered = recorder.requests.at(-1)?.status !== undefined
  const unreached =
    error?.kind === 'network' && !answered && !error.message.startsWith('The connection was lost')
  return <Chat.ErrorNotice titles={unreached ? { network: 'Could not reach the server' } : undefined} />
}

function ConnectEmpty({ message }: { message: string }) {
  const store = useAgentStreamContext()
  const { composerRef } = useChatContext()
  return (
    <div className="demo-welcome demo-welcome-small">
      <h2>Connect to any SSE endpoint</h2>
      <p>
        Pick a preset or enter your own endpoint, then send a message. The protocol is detected from the
        response; every raw frame and decoded event shows up in the inspector.
      </p>
      <button
        type="button"
        className="demo-button"
        data-variant="primary"
        onClick={() => {
          void store.send(message)
          composerRef.current?.focus()
        }}
      >
        Send “{message}”
      </button>
    </div>
  )
}

function DetectedProtocol({ store, chosen }: { store: AgentStream; chosen: string }) {
  const protocol = useAgentSelector(store, (state) => state.protocol)
  return (
    <output className="demo-detected" aria-live="polite" data-protocol={protocol ?? ''}>
      {protocol
        ? `${chosen === 'auto' ? 'Detected' : 'Using'}: ${protocol}`
        : chosen === 'auto'
          ? 'Detected on the first response'
          : `Using: ${chosen}`}
    </output>
  )
}

export function ConnectPage({ theme }: { theme: Theme }) {
  const [form, setForm] = useState<ConnectForm>(PRESETS[0]!.form)
  const [preset, setPreset] = useState<Preset | undefined>(PRESETS[0])
  const recorder = useMemo(() => new Recorder(), [])
  const formRef = useRef(form)
  formRef.current = form
  const [idleText, setIdleText] = useState(String(IDLE_TIMEOUT_SECONDS))
  const idleSeconds = Math.max(0, Number(idleText) || 0)
  const ids = {
    url: useId(),
    method: useId(),
    protocol: useId(),
    headers: useId(),
    body: useId(),
    idle: useId(),
  }

  // Creates the store without subscribing: the form and the inspector do not re-render per token.
  const store = useAgentStreamStore({
    url: form.url,
    protocol: form.protocol,
    fetch: recorder.fetch,
    onEvent: recorder.onEvent,
    reconnect: false,
    // A server that never answers, or answers and goes silent, ends in a `timeout` error instead of
    // "Connecting…" forever.
    idleTimeout: idleSeconds > 0 ? idleSeconds * 1000 : undefined,
    prepareRequest: ({ input, body, request, state }) => {
      const current = formRef.current
      const template = current.body.trim()
      const headers = { ...request.headers, ...parseHeaders(current.headers) }
      const finalBody =
        current.method === 'GET'
          ? undefined
          : template && input !== undefined
            ? renderBody(template, input, state)
            : body
      if (
        typeof finalBody === 'string' &&
        !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')
      )
        headers['content-type'] = 'application/json'
      return { ...request, url: current.url.trim(), method: current.method, headers, body: finalBody }
    },
  })

  const update = (patch: Partial<ConnectForm>) => {
    setForm((current) => ({ ...current, ...patch }))
    setPreset(undefined)
  }
  const choose = (next: Preset) => {
    store.reset()
    recorder.clear()
    setForm(next.form)
    setPreset(next)
  }

  const groups = ['Live', 'Protocols', 'Failures'] as const
  return (
    <div className="demo-connect">
      <form className="demo-connect-form" aria-label="Endpoint" onSubmit={(event) => event.preventDefault()}>
        <fieldset className="demo-presets">
          <legend className="demo-sr-only">Presets</legend>
          {groups.map((group) => (
            <div key={group} className="demo-preset-group">
              <span className="demo-preset-label">{group}</span>
              {PRESETS.filter((entry) => entry.group === group).map((entry) => (
                <button
                  key={entry.id}
                  type="button"
                  className="demo-button"
                  aria-pressed={preset?.id === entry.id}
                  title={entry.description}
                  onClick={() => choose(entry)}
                >
                  {entry.label}
                </button>
              ))}
            </div>
          ))}
        </fieldset>
        <div className="demo-connect-row">
          <div className="demo-field demo-field-method">
            <label htmlFor={ids.method}>Method</label>
            <select
              id={ids.method}
              className="demo-select"
              value={form.method}
              onChange={(event) => update({ method: event.target.value as ConnectForm['method'] })}
            >
              <option>POST</option>
              <option>GET</option>
            </select>
          </div>
          <div className="demo-field demo-field-url">
            <label htmlFor={ids.url}>Endpoint URL</label>
            <input
              id={ids.url}
              className="demo-input"
              type="text"
              inputMode="url"
              spellCheck={false}
              value={form.url}
              onChange={(event) => update({ url: event.target.value })}
            />
          </div>
          <div className="demo-field demo-field-protocol">
            <label htmlFor={ids.protocol}>Protocol</label>
            <select
              id={ids.protocol}
              className="demo-select"
              value={form.protocol}
              onChange={(event) => update({ protocol: event.target.value as ConnectForm['protocol'] })}
            >
              <option value="auto">Auto-detect</option>
              {PROTOCOLS.map((name) => (
                <option key={name} value={name}>
                  {PROTOCOL_LABELS[name]} ({name})
                </option>
              ))}
            </select>
          </div>
          <DetectedProtocol store={store} chosen={form.protocol} />
        </div>
        {preset && <p className="demo-muted demo-preset-description">{preset.description}</p>}
        <details className="demo-advanced">
          <summary>Headers and body, idle timeout</summary>
          <div className="demo-advanced-grid">
            <div className="demo-field">
              <label htmlFor={ids.headers}>Headers (one “Name: value” per line)</label>
              <textarea
                id={ids.headers}
                className="demo-textarea"
                rows={4}
                spellCheck={false}
                placeholder="Authorization: Bearer …"
                value={form.headers}
                onChange={(event) => update({ headers: event.target.value })}
              />
            </div>
            <div className="demo-field">
              <label htmlFor={ids.body}>
                JSON body — <code>{'{{message}}'}</code> is your message, <code>{'{{history}}'}</code> the
                conversation; empty sends the kit’s default body for the protocol
              </label>
              <textarea
                id={ids.body}
                className="demo-textarea"
                rows={4}
                spellCheck={false}
                value={form.body}
                disabled={form.method === 'GET'}
                onChange={(event) => update({ body: event.target.value })}
              />
            </div>
            <div className="demo-field">
              <label htmlFor={ids.idle}>Idle timeout, seconds without a byte (0: wait forever)</label>
              <input
                id={ids.idle}
                className="demo-input"
                type="number"
                min={0}
                step={1}
                inputMode="numeric"
                value={idleText}
                onChange={(event) => setIdleText(event.target.value)}
              />
            </div>
          </div>
        </details>
      </form>
      <Chat.Root store={store} theme={theme} className="demo-chat">
        <div className="demo-connect-grid">
          <section className="demo-conversation" aria-label="Conversation with the endpoint">
            <header className="demo-pane-header">
              <div>
                <h1>Connect</h1>
                <p className="demo-subtitle" title={form.url}>
                  {form.method} {form.url || '(no URL)'}
                </p>
              </div>
              <button
                type="button"
                className="demo-button"
                onClick={() => {
                  store.reset()
                  recorder.clear()
                }}
              >
                New conversation
              </button>
            </header>
            <Chat.Messages empty={<ConnectEmpty message={preset?.message ?? 'Hello!'} />}>
              <Chat.Status />
              <ConnectErrorNotice recorder={recorder} />
              <StoppedNotice />
              <ConnectionHint recorder={recorder} idleSeconds={idleSeconds} />
            </Chat.Messages>
            <div className="demo-composer-area">
              <Chat.Composer placeholder="Send a message to the endpoint…" />
            </div>
          </section>
          <RunSide />
          <Inspector recorder={recorder} store={store} />
        </div>
      </Chat.Root>
    </div>
  )
}
