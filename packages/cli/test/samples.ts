/** Small recorded bodies, written from the wire formats in /work/shared/protocols.md. */

const sse = (events: readonly unknown[], done = false) =>
  events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : '')

/** AI SDK UI message stream: text, a tool call with its output, finish. */
export const aiSdkBody = sse(
  [
    { type: 'start', messageId: 'msg_1' },
    { type: 'start-step' },
    { type: 'tool-input-start', toolCallId: 'call_1', toolName: 'getWeather' },
    { type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '{"city":' },
    { type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '"Oslo"}' },
    { type: 'tool-input-available', toolCallId: 'call_1', toolName: 'getWeather', input: { city: 'Oslo' } },
    { type: 'tool-output-available', toolCallId: 'call_1', output: { temperature: 3, unit: 'C' } },
    { type: 'finish-step' },
    { type: 'start-step' },
    { type: 'text-start', id: 'txt_1' },
    { type: 'text-delta', id: 'txt_1', delta: 'It is 3 °C ' },
    { type: 'text-delta', id: 'txt_1', delta: 'in Oslo — bring a coat.' },
    { type: 'text-end', id: 'txt_1' },
    { type: 'finish-step' },
    { type: 'finish', finishReason: 'stop' },
  ],
  true,
)

/** AI SDK stream cut before `finish`: status error, kind truncated. */
export const aiSdkTruncatedBody = sse([
  { type: 'start', messageId: 'msg_1' },
  { type: 'text-start', id: 'txt_1' },
  { type: 'text-delta', id: 'txt_1', delta: 'Half an ans' },
])

/** AG-UI: a triage agent hands over to a weather agent, which calls a tool and answers. */
export const agUiBody = sse([
  { type: 'RUN_STARTED', threadId: 't1', runId: 'r1' },
  { type: 'TEXT_MESSAGE_START', messageId: 'm1', role: 'assistant', name: 'Triage' },
  { type: 'TEXT_MESSAGE_CONTENT', messageId: 'm1', delta: 'Let me ask the weather agent.' },
  { type: 'TEXT_MESSAGE_END', messageId: 'm1' },
  { type: 'SUBAGENT_STARTED', subagentRunId: 's1', name: 'Weather Agent' },
  { type: 'TOOL_CALL_START', toolCallId: 'tc_1', toolCallName: 'get_weather' },
  { type: 'TOOL_CALL_ARGS', toolCallId: 'tc_1', delta: '{"city":"Oslo"}' },
  { type: 'TOOL_CALL_END', toolCallId: 'tc_1' },
  { type: 'TOOL_CALL_RESULT', messageId: 'm2', toolCallId: 'tc_1', content: 'Cloudy, 3 °C' },
  { type: 'TEXT_MESSAGE_START', messageId: 'm3', role: 'assistant', name: 'Weather Agent' },
  { type: 'TEXT_MESSAGE_CONTENT', messageId: 'm3', delta: 'Cloudy and 3 °C in Oslo.' },
  { type: 'TEXT_MESSAGE_END', messageId: 'm3' },
  { type: 'RUN_FINISHED', threadId: 't1', runId: 'r1' },
])

/** An AI SDK body of `deltas` text-delta frames (for timing). */
export function largeAiSdkBody(deltas: number): string {
  const parts: string[] = [
    'data: {"type":"start","messageId":"msg_big"}\n\n',
    'data: {"type":"text-start","id":"txt_big"}\n\n',
  ]
  for (let index = 0; index < deltas; index++)
    parts.push(`data: {"type":"text-delta","id":"txt_big","delta":"token ${index % 1000} ok "}\n\n`)
  parts.push(
    'data: {"type":"text-end","id":"txt_big"}\n\n',
    'data: {"type":"finish"}\n\n',
    'data: [DONE]\n\n',
  )
  return parts.join('')
}
