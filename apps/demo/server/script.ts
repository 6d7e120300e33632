/**
 * What the offline scripted model says. A function of each Responses API request the SDK sends:
 * which agent is asking (from the tools it offers), the user's last message and the tool calls and
 * outputs since then. It answers the demo's suggested prompts convincingly and anything else with
 * a short note on what it knows.
 */
import type { ScriptedItem, ScriptedRequest, ScriptedTurn } from '@agentstream/server/testing'
import { BILLING, type CityWeather, type Order, WEATHER, WEATHER_DATA } from './agents'

/** The prompts the scripted model knows well (the Chat page offers them as buttons). */
export const SUGGESTED_PROMPTS = [
  'What’s the weather in Oslo?',
  'I need a refund for order A1001',
  'Check the status of order Z999',
  'Explain how you work',
  'Compare the weather in Paris and Tokyo',
  'Simulate a model error',
] as const

export interface ScriptTimings {
  /** Milliseconds per streamed event (token); a number, or a [min, max] range picked per turn. */
  tokenDelay: number | readonly [number, number]
  /** Milliseconds before the model starts answering. */
  thinkDelay: number
}

type Json = Record<string, unknown>

interface Conversation {
  /** Tool names the requesting agent offers. */
  tools: Set<string>
  userText: string
  /** Function calls after the last user message, with their outputs (when they ran). */
  calls: { name: string; callId: string; args: Json; output?: string }[]
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(textOf).join('')
  if (value && typeof value === 'object') {
    const record = value as Json
    if (typeof record.text === 'string') return record.text
    if ('output' in record) return textOf(record.output)
  }
  return ''
}

function parseJson(text: string | undefined): Json | undefined {
  if (!text) return undefined
  try {
    const value = JSON.parse(text) as unknown
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined
  } catch {
    return undefined
  }
}

export function readConversation(body: Json): Conversation {
  const tools = new Set<string>()
  if (Array.isArray(body.tools))
    for (const entry of body.tools as Json[]) if (typeof entry?.name === 'string') tools.add(entry.name)
  const input = Array.isArray(body.input)
    ? (body.input as Json[])
    : [{ role: 'user', content: String(body.input ?? '') }]
  let lastUser = -1
  input.forEach((item, index) => {
    if (item?.role === 'user') lastUser = index
  })
  const userText = lastUser >= 0 ? textOf(input[lastUser]?.content) : ''
  const calls: Conversation['calls'] = []
  for (const item of input.slice(lastUser + 1)) {
    if (item?.type === 'function_call')
      calls.push({
        name: String(item.name),
        callId: String(item.call_id ?? item.callId),
        args: parseJson(String(item.arguments ?? '')) ?? {},
      })
    else if (item?.type === 'function_call_output') {
      const call = calls.find((candidate) => candidate.callId === String(item.call_id ?? item.callId))
      if (call) call.output = textOf(item.output)
    }
  }
  return { tools, userText, calls }
}

const intents = {
  weather:
    /\b(weather|temperature|forecast|rain(ing|y)?|snow(ing|y)?|sunny|umbrella|cold|warm|hot|wind(y)?|degrees)\b/i,
  billing: /\b(refund|order|billing|bill|charge[ds]?|invoice|payment|paid|money back|receipt)\b/i,
  refund: /\b(refund|money back|return)\b/i,
  explain: /\b(how (do|does) (you|this|it) work|explain|what are you|how are you built|architecture)\b/i,
  hello: /^\s*(hi|hello|hey|good (morning|afternoon|evening))\b/i,
  failure: /\b(simulate|trigger)\b.*\b(error|failure|outage|crash)\b/i,
}

/** How often each failure prompt was asked: the first try fails, the retry works. */
const failures = new Map<string, number>()

function simulatedFailure(text: string): ScriptedTurn {
  const attempt = (failures.get(text) ?? 0) + 1
  failures.set(text, attempt)
  if (attempt % 2 === 1)
    return {
      items: [message('Let me look into that for you — one moment while I')],
      end: {
        type: 'failed',
        code: 'server_error',
        message: 'The model is overloaded right now (a simulated outage). Press Retry.',
      },
    }
  return {
    items: [
      message(
        'That worked on the second try. ✅ The first attempt failed mid-answer with a `response.failed` from the model: the server turned it into an error frame, the chat kept the partial text and offered **Retry**, which sent the same request again.',
      ),
    ],
  }
}

function citiesIn(text: string): string[] {
  const lower = text.toLowerCase()
  const found = Object.keys(WEATHER_DATA)
    .map((key) => ({ key, at: lower.indexOf(key) }))
    .filter((entry) => entry.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((entry) => WEATHER_DATA[entry.key]!.city)
  if (found.length > 0) return found
  const named = /\b(?:in|for|at)\s+([A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)?)/u.exec(text)
  return [named?.[1] ?? 'Oslo']
}

const orderIdIn = (text: string) => /\b([A-Za-z]\d{3,})\b/.exec(text)?.[1]?.toUpperCase()

const money = (amount: number, currency = 'USD') =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount)

const longDate = (iso: string | undefined) =>
  iso
    ? new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', {
        month: 'long',
        day: 'numeric',
        timeZone: 'UTC',
      })
    : 'an unknown date'

function message(text: string): ScriptedItem {
  return { type: 'message', text }
}

// ————— Triage —————

const EXPLAIN_REASONING =
  'The user wants to know how this demo works. I should walk through the pieces in the order a request travels: the agents and their tools, the model (scripted offline, or OpenAI with a key), how the server turns the run into Server-Sent Events, and how the browser kit reads any of six protocols into one run state. A short code sample will make it concrete.'

const EXPLAIN_ANSWER = `Happy to! This demo is a small **multi-agent support desk** built on the OpenAI Agents SDK, streamed to your browser over Server-Sent Events. Here is what happens when you press Send.

## 1. The agents

I'm the **Triage Agent**. I don't answer specialist questions myself — I *hand off*:

- **Weather Agent** — has a \`get_weather\` tool for current conditions.
- **Billing Agent** — has \`lookup_order\` (which can fail, on purpose) and \`issue_refund\`, which **needs a human approval** before it runs.

Each handoff shows up as a divider in the chat and as a step in the trail beside it.

## 2. The model

Without an API key the agents run on an **offline scripted model**: the SDK's real \`OpenAIResponsesModel\`, whose HTTP client is replaced by a function that streams Responses API events token by token. Set \`OPENAI_API_KEY\` and the very same agents run on a real OpenAI model — the badge at the top tells you which one you're talking to.

## 3. The stream

The server wraps the run with \`@agentstream/server\`:

\`\`\`ts
import { createAgentHandler } from '@agentstream/server'

const handler = createAgentHandler({ agent: triageAgent })

// Vite middleware, Express, Next.js, Hono… all the same handler
server.middlewares.use('/api/agent', (req, res) => handler.node(req, res))
\`\`\`

Every event gets an \`id:\`, so a dropped connection resumes with \`Last-Event-ID\` instead of starting over.

## 4. The client

In the browser, \`@agentstream/core\` detects the protocol, decodes every frame into one typed **run state**, and \`@agentstream/ui\` renders it:

| you see | it comes from |
|---|---|
| text appearing word by word | \`text-delta\` events |
| tool cards with arguments and results | \`tool-call-*\` events |
| the approval buttons | a \`tool-approval-request\` |
| this paragraph's formatting | streaming Markdown |

The same UI works with OpenAI Responses, Chat Completions, the Vercel AI SDK and AG-UI streams too — try the **Connect** page to point it at any endpoint, or the **Gallery** to replay recorded streams one event at a time.`

function greet(): ScriptedTurn {
  return {
    items: [
      message(
        'Hi! 👋 I’m the **Triage Agent**. I can get you the weather (ask about Oslo, Paris or Tokyo) or help with orders and refunds — try “I need a refund for order A1001”. What can I do for you?',
      ),
    ],
  }
}

function fallback(text: string): ScriptedTurn {
  return {
    items: [
      message(
        `I’m running on the demo’s **offline scripted model**, so I only know a few conversations well, and “${text.slice(0, 80)}” isn’t one of them. Here’s what I can do:\n\n- **Weather** — “What’s the weather in Oslo?” (a handoff and a tool call)\n- **Refunds** — “I need a refund for order A1001” (asks you to approve)\n- **Order status** — “Check the status of order Z999” (a tool that fails)\n- **About me** — “Explain how you work”\n\nStart the demo with \`OPENAI_API_KEY\` set to talk to a real model instead.`,
      ),
    ],
  }
}

function triage(conversation: Conversation): ScriptedTurn {
  const text = conversation.userText
  if (intents.failure.test(text)) return simulatedFailure(text)
  if (intents.explain.test(text))
    return { items: [{ type: 'reasoning', summary: EXPLAIN_REASONING }, message(EXPLAIN_ANSWER)] }
  const mentionsCity = Object.keys(WEATHER_DATA).some((key) => text.toLowerCase().includes(key))
  if (intents.weather.test(text) || (mentionsCity && !intents.billing.test(text)))
    return { items: [{ type: 'handoff', to: WEATHER }] }
  if (intents.billing.test(text) || orderIdIn(text)) return { items: [{ type: 'handoff', to: BILLING }] }
  if (intents.hello.test(text)) return greet()
  return fallback(text)
}

// ————— Weather Agent —————

function tip(weather: CityWeather): string {
  if (/rain|drizzle|shower/.test(weather.conditions)) return 'Take an umbrella ☔ and a warm layer.'
  if (weather.tempC <= 5) return 'Dress warmly — a hat and gloves won’t hurt. 🧣'
  if (weather.tempC >= 24) return 'Sunscreen and water are a good idea. 😎'
  if (weather.windKph >= 20) return 'It’s breezy, so a windproof jacket helps.'
  return 'A light jacket should do. 🧥'
}

function describeWeather(output: string | undefined, city: string): string {
  const weather = parseJson(output) as unknown as CityWeather | undefined
  if (!weather || typeof weather.tempC !== 'number')
    return `I don’t have weather station data for **${city}** in this demo — try Oslo, Paris, Tokyo, New York, London or Sydney.`
  return `In **${weather.city}** it’s **${weather.tempC} °C** right now (feels like ${weather.feelsLikeC} °C) with ${weather.conditions}, wind at ${weather.windKph} km/h and ${weather.humidity}% humidity. ${tip(weather)}`
}

function weather(conversation: Conversation): ScriptedTurn {
  const lookups = conversation.calls.filter((call) => call.name === 'get_weather')
  if (lookups.length === 0)
    return {
      items: citiesIn(conversation.userText).map((city) => ({
        type: 'function_call' as const,
        name: 'get_weather',
        arguments: { city },
      })),
    }
  const parts = lookups.map((call) => describeWeather(call.output, String(call.args.city ?? 'that city')))
  return { items: [message(parts.join('\n\n'))] }
}

// ————— Billing Agent —————

function describeOrder(order: Order): string {
  const what = `Order **${order.orderId}** (${order.item}, ${money(order.total, order.currency)})`
  if (order.status === 'delivered') return `${what} was delivered on ${longDate(order.deliveredOn)}.`
  if (order.status === 'shipped')
    return `${what} has shipped and should arrive by **${longDate(order.eta)}**. I’ll keep an eye on it.`
  return `${what} is **${order.status}**.`
}

function billing(conversation: Conversation): ScriptedTurn {
  const text = conversation.userText
  const orderId = orderIdIn(text)
  if (!orderId)
    return {
      items: [
        message(
          'Sure — which order is it about? Order numbers look like **A1001**; you’ll find yours in the confirmation email.',
        ),
      ],
    }
  const lookup = conversation.calls.find((call) => call.name === 'lookup_order')
  if (!lookup)
    return { items: [{ type: 'function_call', name: 'lookup_order', arguments: { order_id: orderId } }] }
  if (lookup.output === undefined) return { items: [message('I’m still waiting for the order service.')] }
  const order = parseJson(lookup.output) as unknown as Order | undefined
  if (!order || typeof order.total !== 'number') {
    const reason = /timed out[^.]*\(HTTP \d+\)/.exec(lookup.output)?.[0] ?? 'returned an error'
    return {
      items: [
        message(
          `I’m sorry — I couldn’t check order **${orderId}**. The order service ${reason}, so I can’t see its status right now.\n\nThis is usually temporary. You can:\n\n1. try again in a few minutes, or\n2. double-check the order number — orders look like \`A1001\`.`,
        ),
      ],
    }
  }
  if (!intents.refund.test(text)) return { items: [message(describeOrder(order))] }
  const refund = conversation.calls.find((call) => call.name === 'issue_refund')
  if (!refund)
    return {
      items: [
        message(
          `${describeOrder(order)} I’ve prepared a full refund of **${money(order.total, order.currency)}** — it needs a human approval before it goes through.`,
        ),
        {
          type: 'function_call',
          name: 'issue_refund',
          arguments: { order_id: order.orderId, amount: order.total, reason: 'Customer requested a refund' },
        },
      ],
    }
  const result = parseJson(refund.output)
  if (result?.refunded !== true)
    return {
      items: [
        message(
          `Understood — I did **not** refund order **${order.orderId}**; nothing was charged or changed. If you change your mind, just ask again.`,
        ),
      ],
    }
  return {
    items: [
      message(
        `Done! ✅ I refunded **${money(Number(result.amount), order.currency)}** for order **${order.orderId}** to the original payment method.\n\nReference: \`${String(result.reference)}\` — the money should arrive in ${String(result.arrivesIn ?? '3–5 business days')}.`,
      ),
    ],
  }
}

// ————— The script —————

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

function pickDelay(delay: ScriptTimings['tokenDelay']): number {
  if (typeof delay === 'number') return delay
  const [min, max] = delay
  return Math.round(min + Math.random() * (max - min))
}

/** The turn the scripted model plays for one request (exported for the tests). */
export function scriptTurn(body: Json): ScriptedTurn {
  const conversation = readConversation(body)
  if (conversation.tools.has('get_weather')) return weather(conversation)
  if (conversation.tools.has('lookup_order')) return billing(conversation)
  return triage(conversation)
}

export function createDemoScript(
  timings: ScriptTimings,
): (request: ScriptedRequest) => Promise<ScriptedTurn> {
  return async (request) => {
    const turn = scriptTurn(request.body)
    if (timings.thinkDelay > 0) await sleep(timings.thinkDelay)
    const input = JSON.stringify(request.body.input ?? '').length
    const output = (turn.items ?? []).reduce((sum, item) => {
      if (item.type === 'message') return sum + String(item.text).split(/\s+/).length
      if (item.type === 'reasoning') return sum + String(item.summary).split(/\s+/).length
      return sum + 12
    }, 0)
    return {
      ...turn,
      delay: pickDelay(timings.tokenDelay),
      usage: { input: Math.ceil(input / 4), output },
    }
  }
}
