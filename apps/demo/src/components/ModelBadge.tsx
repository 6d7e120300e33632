import { fetchInfo } from '../api'
import { usePromise } from '../use-promise'

/** Which model the embedded agents run on: the offline scripted one or OpenAI. */
export function ModelBadge() {
  const { value, error } = usePromise(fetchInfo)
  if (error)
    return (
      <span className="demo-model-badge" data-model="unavailable" title={error.message}>
        No agent server
      </span>
    )
  if (!value) return <span className="demo-model-badge" data-model="loading" aria-hidden="true" />
  const scripted = value.model === 'scripted'
  return (
    <span
      className="demo-model-badge"
      data-model={value.model}
      title={
        scripted
          ? 'The agents run on an offline scripted model. Start the demo with OPENAI_API_KEY set to use OpenAI.'
          : `The agents run on OpenAI (${value.modelName}).`
      }
    >
      <span className="demo-dot" aria-hidden="true" />
      Model: {scripted ? 'scripted (offline)' : `OpenAI · ${value.modelName}`}
    </span>
  )
}
