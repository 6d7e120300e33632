import type { ToolCall, ToolCallStatus } from '@agentstream/core'

/**
 * The tools an agent can call, by name: what each one takes (`args`) and returns (`output`).
 * Pass it to {@link useAgentStream}, {@link useToolCalls} or {@link useToolCall} to get tool calls
 * typed by name.
 *
 * @example
 * ```ts
 * type Tools = {
 *   get_weather: { args: { city: string }; output: { temperature: number } }
 *   issue_refund: { args: { orderId: string; amount: number }; output: string }
 * }
 * const chat = useAgentStream<Tools>({ url: '/api/agent' })
 * ```
 */
export type ToolDefinitions = Record<string, { args: unknown; output: unknown }>

/**
 * Recursively optional: what a tool's arguments look like while their JSON is still streaming.
 *
 * @example
 * ```ts
 * const partial: DeepPartial<{ city: string; days: number }> = { city: 'Os' }
 * ```
 */
export type DeepPartial<T> = T extends readonly (infer Item)[]
  ? DeepPartial<Item>[]
  : T extends object
    ? { [Key in keyof T]?: DeepPartial<T[Key]> }
    : T

/**
 * Anything that implements Standard Schema (zod ≥ 3.24, zod 4, valibot, arktype…): only its types
 * are used, no schema library is imported.
 *
 * @example
 * ```ts
 * import { z } from 'zod'
 * const schema: StandardSchemaLike = z.object({ city: z.string() })
 * ```
 */
export interface StandardSchemaLike<Output = unknown> {
  readonly '~standard': { readonly types?: { readonly output: Output } | undefined }
}

/**
 * The output type of a Standard Schema (for zod: `z.infer<typeof schema>`).
 *
 * @example
 * ```ts
 * type City = InferSchema<typeof citySchema> // { city: string }
 * ```
 */
export type InferSchema<Schema> = Schema extends {
  readonly '~standard': { readonly types?: infer Types }
}
  ? NonNullable<Types> extends { readonly output: infer Output }
    ? Output
    : unknown
  : unknown

/**
 * Derives {@link ToolDefinitions} from schemas (zod or any Standard Schema), so the tool types follow
 * the schemas the server uses. `output` may be left out (then `unknown`).
 *
 * @example
 * ```ts
 * import { z } from 'zod'
 * const weatherArgs = z.object({ city: z.string() })
 * const weatherOutput = z.object({ temperature: z.number() })
 * type Tools = ToolsFromSchemas<{ get_weather: { args: typeof weatherArgs; output: typeof weatherOutput } }>
 * const chat = useAgentStream<Tools>({ url: '/api/agent' })
 * ```
 */
export type ToolsFromSchemas<Schemas extends Record<string, { args: unknown; output?: unknown }>> = {
  [Name in keyof Schemas]: {
    args: InferSchema<Schemas[Name]['args']>
    output: Schemas[Name] extends { output: infer Output } ? InferSchema<Output> : unknown
  }
}

type ToolCallBase = Omit<ToolCall, 'name' | 'args' | 'output' | 'status'>

/**
 * A {@link ToolCall} typed by its tool's name: a discriminated union over `name` (and `status`:
 * while the arguments stream, `args` is a partial parse). With the default `Tools` it is a plain
 * `ToolCall`. The types describe what the server is expected to send; nothing is validated at run
 * time.
 *
 * @example
 * ```ts
 * function render(call: TypedToolCall<Tools>) {
 *   if (call.name === 'get_weather' && call.status === 'done') return `${call.args.city}: ${call.output?.temperature}°`
 *   return call.name
 * }
 * ```
 */
export type TypedToolCall<Tools extends ToolDefinitions = ToolDefinitions> = string extends keyof Tools
  ? ToolCall
  : {
      [Name in keyof Tools & string]:
        | (ToolCallBase & {
            name: Name
            status: 'streaming-arguments'
            args: DeepPartial<Tools[Name]['args']> | undefined
            output?: undefined
          })
        | (ToolCallBase & {
            name: Name
            status: Exclude<ToolCallStatus, 'streaming-arguments'>
            args: Tools[Name]['args']
            output?: Tools[Name]['output']
          })
    }[keyof Tools & string]
