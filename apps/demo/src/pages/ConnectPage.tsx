import type { AgentStream, RunState } from '@agentstream/core'
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

function ConnectionHint() {
  const error = useRunError()
  const status = useAgentSelector(undefined, (state) => state.status)
  if (status !== 'error' || !error) return null
  let hint: string | null = null
  if (error.kind === 'network')
    hint = `The browser got no response at all. Check that the server is running and the URL is right. If it is on another origin, it must allow this page (${window.location.origin}) with CORS headers — Access-Control-Allow-Origin, and for JSON POSTs Access-Control-Allow-Headers: content-type — or you can proxy it through your own dev server.`
  else if (error.kind === 'http' && (error.status === 404 || error.status === 405))
    hint = 'The server is up but has nothing at this URL for this method. Check the path and the method.'
  else if (error.kind === 'http' && (error.status === 401 || error.status === 403))
    hint = 'The server wants credentials: add an Authorization header under “Headers and body”.'
  else if (error.kind === 'unsupported')
    hint = 'The protocol could not be told from the response: choose it in the Protocol menu.'
  else if (error.kind === 'client') hint = 'Fix the request under “Headers and body” and send again.'
  if (!hint) return null
  return (
    <div className="demo-hint" role="note">
      <strong>What to check</strong>
      <p>{hint}</p>
    </div>
  )
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
  const ids = { url: useId(), method: useId(), protocol: useId(), headers: useId(), body: useId() }

  // Creates the store without subscribing: the form and the inspector do not re-render per token.
  const store = useAgentStreamStore({
    url: form.url,
    protocol: form.protocol,
    fetch: recorder.fetch,
    onEvent: recorder.onEvent,
    reconnect: false,
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
          <summary>Headers and body</summary>
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
              <Chat.ErrorNotice />
              <StoppedNotice />
              <ConnectionHint />
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
