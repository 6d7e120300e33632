// The AI SDK's own client-side processing of a recorded UI message stream, as a whole process: the
// file's bytes → parseJsonEventStream(uiMessageChunkSchema) (what DefaultChatTransport does) →
// readUIMessageStream → the final message, printed as JSON. The peer of `agentstream replay --json`.
//   node throughput/ai-sdk-replay.mjs FILE [--whole]
import { createReadStream, readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { parseJsonEventStream, readUIMessageStream, uiMessageChunkSchema } from 'ai'

// Streamed from the file in 64 KiB reads, as a response body arrives; `--whole` hands it the file
// as one chunk instead (slower for the AI SDK's parser).
const source = process.argv.includes('--whole')
  ? new ReadableStream({
      start(controller) {
        controller.enqueue(readFileSync(process.argv[2]))
        controller.close()
      },
    })
  : Readable.toWeb(createReadStream(process.argv[2], { highWaterMark: 64 * 1024 }))
const stream = parseJsonEventStream({
  stream: source,
  schema: uiMessageChunkSchema,
}).pipeThrough(
  new TransformStream({
    transform(chunk, controller) {
      if (!chunk.success) throw chunk.error
      controller.enqueue(chunk.value)
    },
  }),
)
let message
for await (const snapshot of readUIMessageStream({ stream })) message = snapshot
const summary = {
  id: message.id,
  role: message.role,
  text: message.parts
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join(''),
  toolCalls: message.parts
    .filter((part) => part.type.startsWith('tool-'))
    .map((part) => ({
      callId: part.toolCallId,
      name: part.type.slice(5),
      input: part.input,
      output: part.output,
      state: part.state,
    })),
}
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
