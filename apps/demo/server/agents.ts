/**
 * The demo's agents: a triage agent that hands off to a weather and a billing specialist. Real
 * `@openai/agents` agents with zod tools; one tool needs a human approval (`issue_refund`) and one
 * can fail (`lookup_order`, for orders the "order service" does not know).
 */
import { Agent, type Model, tool } from '@openai/agents'
import { z } from 'zod'

export const TRIAGE = 'Triage Agent'
export const WEATHER = 'Weather Agent'
export const BILLING = 'Billing Agent'

export interface CityWeather {
  city: string
  country: string
  tempC: number
  feelsLikeC: number
  conditions: string
  windKph: number
  humidity: number
}

/** What the demo's weather "service" knows. */
export const WEATHER_DATA: Record<string, CityWeather> = {
  oslo: {
    city: 'Oslo',
    country: 'Norway',
    tempC: 4,
    feelsLikeC: 1,
    conditions: 'light rain',
    windKph: 14,
    humidity: 87,
  },
  paris: {
    city: 'Paris',
    country: 'France',
    tempC: 16,
    feelsLikeC: 15,
    conditions: 'partly cloudy',
    windKph: 9,
    humidity: 62,
  },
  tokyo: {
    city: 'Tokyo',
    country: 'Japan',
    tempC: 22,
    feelsLikeC: 23,
    conditions: 'clear skies',
    windKph: 6,
    humidity: 55,
  },
  'new york': {
    city: 'New York',
    country: 'USA',
    tempC: 11,
    feelsLikeC: 8,
    conditions: 'overcast',
    windKph: 21,
    humidity: 70,
  },
  london: {
    city: 'London',
    country: 'UK',
    tempC: 12,
    feelsLikeC: 10,
    conditions: 'drizzle',
    windKph: 17,
    humidity: 81,
  },
  sydney: {
    city: 'Sydney',
    country: 'Australia',
    tempC: 25,
    feelsLikeC: 26,
    conditions: 'sunny',
    windKph: 12,
    humidity: 48,
  },
}

export interface Order {
  orderId: string
  customer: string
  item: string
  total: number
  currency: string
  status: string
  placedOn: string
  deliveredOn?: string
  eta?: string
}

/** What the demo's order "service" knows; any other order id makes `lookup_order` fail. */
export const ORDERS: Record<string, Order> = {
  A1001: {
    orderId: 'A1001',
    customer: 'Sam Rivera',
    item: 'Noise-cancelling headphones',
    total: 129.0,
    currency: 'USD',
    status: 'delivered',
    placedOn: '2026-03-02',
    deliveredOn: '2026-03-05',
  },
  B2002: {
    orderId: 'B2002',
    customer: 'Sam Rivera',
    item: 'USB-C dock',
    total: 89.5,
    currency: 'USD',
    status: 'shipped',
    placedOn: '2026-03-10',
    eta: '2026-03-14',
  },
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

/** Tool latencies in ms (the tests make them shorter). */
export interface AgentTimings {
  tool: number
}

export function createAgents(model: Model | string, timings: AgentTimings = { tool: 700 }): Agent<any, any> {
  const getWeather = tool({
    name: 'get_weather',
    description: 'Current weather for a city: temperature (°C), conditions, wind and humidity.',
    parameters: z.object({ city: z.string().describe('The city, e.g. "Oslo"') }),
    execute: async ({ city }) => {
      await sleep(timings.tool)
      const known = WEATHER_DATA[city.trim().toLowerCase()]
      return known ?? { city, error: `No weather station data for ${city}.` }
    },
  })

  const lookupOrder = tool({
    name: 'lookup_order',
    description: 'Looks an order up in the order service: item, total, status and delivery dates.',
    parameters: z.object({ order_id: z.string().describe('The order id, e.g. "A1001"') }),
    execute: async ({ order_id }) => {
      await sleep(timings.tool)
      const order = ORDERS[order_id.trim().toUpperCase()]
      if (!order)
        throw new Error(
          `Order service timed out after 3 retries while looking up order ${order_id} (HTTP 504).`,
        )
      return order
    },
    // The default error text says only "An error occurred…"; give the model (and the UI) the reason.
    errorFunction: (_context, error) =>
      `Error: ${error instanceof Error ? error.message : String(error)} The tool call failed; no order data was returned.`,
  })

  const issueRefund = tool({
    name: 'issue_refund',
    description: 'Refunds an order to the original payment method. Requires a human approval.',
    parameters: z.object({
      order_id: z.string(),
      amount: z.number().describe('The amount to refund, in the order currency'),
      reason: z.string().describe('Why the customer wants a refund'),
    }),
    needsApproval: true,
    execute: async ({ order_id, amount }) => {
      await sleep(timings.tool)
      const reference = `RF-${order_id.toUpperCase()}-${Math.floor(1000 + Math.random() * 9000)}`
      return { refunded: true, order_id, amount, reference, arrivesIn: '3–5 business days' }
    },
  })

  const weatherAgent = new Agent({
    name: WEATHER,
    handoffDescription: 'Answers questions about the current weather in a city.',
    instructions:
      'You are the weather specialist. Use get_weather for every city the user asks about, then answer in two or three friendly sentences with the temperature in °C, the conditions and a practical tip. Use **bold** for the key numbers.',
    model,
    tools: [getWeather],
  })

  const billingAgent = new Agent({
    name: BILLING,
    handoffDescription: 'Handles orders, refunds, charges and invoices.',
    instructions:
      'You are the billing specialist. Look orders up with lookup_order before acting on them. For a refund, call issue_refund with the order total (a human approves it). If a tool fails, say so plainly and suggest what the user can do. Be concise.',
    model,
    tools: [lookupOrder, issueRefund],
  })

  return new Agent({
    name: TRIAGE,
    instructions:
      'You are the front desk of a demo support team. Hand weather questions to the Weather Agent and anything about orders, refunds or payments to the Billing Agent. Answer other questions yourself, in Markdown.',
    model,
    handoffs: [weatherAgent, billingAgent],
  })
}
