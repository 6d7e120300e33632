import { readFileSync } from 'node:fs'
import { decodeBody } from '@agentstream/core'
import { summarize } from '@agentstream/core/summary'
import { describe, expect, it } from 'vitest'
import { renderSummary, runReplay } from '../src/index'
import { captureIo, fixtures, hasAnsi, tempFile } from './helpers'
import { agUiBody, aiSdkBody, aiSdkTruncatedBody, largeAiSdkBody } from './samples'

describe('agentstream replay --json', () => {
  it('prints exactly the run summary as JSON, and nothing else', async () => {
    const file = tempFile('weather.sse', aiSdkBody)
    const { io, stdout, stderr } = captureIo()
    expect(await runReplay([file, '--json'], io)).toBe(0)
    expect(stdout()).toBe(`${JSON.stringify(summarize(decodeBody(aiSdkBody)), null, 2)}\n`)
    expect(stderr()).toBe('')
    const summary = JSON.parse(stdout())
    expect(summary).toMatchObject({
      protocol: 'ai-sdk',
      status: 'done',
      messages: [{ role: 'assistant', agent: null, text: 'It is 3 °C in Oslo — bring a coat.' }],
      toolCalls: [
        {
          callId: 'call_1',
          name: 'getWeather',
          args: { city: 'Oslo' },
          output: { temperature: 3, unit: 'C' },
        },
      ],
    })
  })

  it('exits 0 for a stream that ended in an error: the file was read', async () => {
    const file = tempFile('truncated.sse', aiSdkTruncatedBody)
    const { io, stdout } = captureIo()
    expect(await runReplay([file, '--json'], io)).toBe(0)
    expect(JSON.parse(stdout())).toMatchObject({ status: 'error', errorKind: 'truncated' })
  })

  it('honours --protocol and --headers', async () => {
    const body =
      'data: {"type":"text-start","id":"a"}\n\ndata: {"type":"text-delta","id":"a","delta":"Hi"}\n\n'
    const file = tempFile('headerless.sse', body)
    const headers = tempFile('headers.json', JSON.stringify({ 'X-Vercel-AI-UI-Message-Stream': 'v1' }))
    const withHeaders = captureIo()
    expect(await runReplay([file, '--json', '--headers', headers], withHeaders.io)).toBe(0)
    expect(JSON.parse(withHeaders.stdout()).protocol).toBe('ai-sdk')
    const forced = captureIo()
    expect(await runReplay([file, '--json', '--protocol', 'text'], forced.io)).toBe(0)
    expect(JSON.parse(forced.stdout()).protocol).toBe('text')
  })

  it('exits 2 with a clear message when the file cannot be read', async () => {
    const { io, stdout, stderr } = captureIo()
    expect(await runReplay(['/no/such/recording.sse', '--json'], io)).toBe(2)
    expect(stdout()).toBe('')
    expect(stderr()).toContain('Cannot read /no/such/recording.sse: no such file')
  })

  it('exits 2 on wrong arguments, with the usage', async () => {
    const file = tempFile('ok.sse', aiSdkBody)
    for (const argv of [[], [file, '--jsn'], [file, file], [file, '--protocol', 'smoke-signals']]) {
      const { io, stdout, stderr } = captureIo()
      expect(await runReplay(argv, io)).toBe(2)
      expect(stdout()).toBe('')
      expect(stderr()).toContain('Usage')
    }
    const badHeaders = captureIo()
    expect(await runReplay([file, '--headers', tempFile('bad.json', '[1,2')], badHeaders.io)).toBe(2)
    expect(badHeaders.stderr()).toContain('not valid JSON')
  })

  it('replays a 100k-delta body quickly (one decodeBody call)', async () => {
    const body = largeAiSdkBody(100_000)
    const file = tempFile('large.sse', body)
    const { io, stdout } = captureIo()
    const started = performance.now()
    expect(await runReplay([file, '--json'], io)).toBe(0)
    const elapsed = performance.now() - started
    const summary = JSON.parse(stdout())
    expect(summary.status).toBe('done')
    expect(summary.messages[0].text.startsWith('token 0 ok token 1 ok')).toBe(true)
    expect(elapsed).toBeLessThan(3000)
  })

  // The contract of /work/shared/run-summary.md: for every recorded fixture, `replay --json` prints
  // exactly its `<name>.summary.json`. Skipped while no fixture has been recorded.
  const recorded = fixtures().filter((fixture) => fixture.summary !== undefined)
  it.skipIf(recorded.length === 0)('prints the expected summary of every recorded fixture', async () => {
    for (const fixture of recorded) {
      const argv = [fixture.body, '--json', ...(fixture.headers ? ['--headers', fixture.headers] : [])]
      const { io, stdout, stderr } = captureIo()
      expect(await runReplay(argv, io), fixture.name).toBe(0)
      expect(stderr(), fixture.name).toBe('')
      expect(stdout(), fixture.name).toBe(readFileSync(fixture.summary!, 'utf8'))
    }
  })
})

describe('agentstream replay (readable)', () => {
  it('shows protocol, status, messages with agents, tool calls and handoffs', async () => {
    const file = tempFile('agui.sse', agUiBody)
    const { io, stdout } = captureIo()
    expect(await runReplay([file], io)).toBe(0)
    const text = stdout()
    expect(text).toContain('ag-ui')
    expect(text).toContain('done')
    expect(text).toContain('Triage')
    expect(text).toContain('Let me ask the weather agent.')
    expect(text).toContain('Cloudy and 3 °C in Oslo.')
    expect(text).toContain('get_weather')
    expect(text).toContain('{"city":"Oslo"}')
    expect(text).toContain('Cloudy, 3 °C')
    expect(text).toContain('Triage → Weather Agent')
    expect(text).toContain('Skipped frames: 0')
    expect(hasAnsi(text)).toBe(false)
  })

  it('shows the error of a failed stream', async () => {
    const file = tempFile('cut.sse', aiSdkTruncatedBody)
    const { io, stdout } = captureIo()
    expect(await runReplay([file], io)).toBe(0)
    expect(stdout()).toContain('error')
    expect(stdout()).toContain('(truncated)')
    expect(stdout()).toContain('Half an ans')
  })

  it('colors a terminal, but not with NO_COLOR', async () => {
    const file = tempFile('color.sse', aiSdkBody)
    const terminal = captureIo({ tty: true })
    await runReplay([file], terminal.io)
    expect(hasAnsi(terminal.stdout())).toBe(true)
    const noColor = captureIo({ tty: true, env: { NO_COLOR: '1' } })
    await runReplay([file], noColor.io)
    expect(hasAnsi(noColor.stdout())).toBe(false)
    expect(noColor.stdout()).toContain('It is 3 °C in Oslo')
  })

  it('renderSummary renders a summary without the CLI', () => {
    const text = renderSummary(summarize(decodeBody(agUiBody)))
    expect(text).toContain('Triage → Weather Agent')
    expect(text).toContain('Cloudy and 3 °C in Oslo.')
  })
})
