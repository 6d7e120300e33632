/**
 * Test and demo helpers: {@link createScriptedModel}, an offline scripted model for `@openai/agents`.
 *
 * @module
 */
export type {
  Script,
  ScriptedFetch,
  ScriptedItem,
  ScriptedModel,
  ScriptedModelOptions,
  ScriptedRequest,
  ScriptedTurn,
  ScriptedTurnEnd,
} from './scripted-model'
export { createScriptedModel, createScriptedResponsesFetch } from './scripted-model'
