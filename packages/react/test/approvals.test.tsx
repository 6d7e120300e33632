import { createReplayFetch, type ReplayRoute } from '@agentstream/core/testing'
import { cleanup, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { AgentStreamProvider, useAgentStream, useApprovals, useToolCall } from '../src/index'
import { fixture, route, summaryText } from './fixtures'
import { renderChat } from './harness'

afterEach(cleanup)

const callId = 'call_refund_a1001'

/** Sends, waits for the approval fixture's interruption, and checks what the hook lists. */
async function interrupted(protocol: string, second: ReplayRoute) {
  const recorded = fixture(`${protocol}/approval`)
  const fetch = createReplayFetch([route(`${protocol}/approval`, { chunkSizes: 'random', seed: 5 }), second])
  const { result } = renderChat({ url: '/api/agent', fetch })
  await result.current.send('Please refund order A-1001 ($42.50).')
  await waitFor(() => expect(result.current.status).toBe('interrupted'))
  expect(result.current.approvals.map(({ callId, name, args }) => ({ callId, name, args }))).toEqual(
    recorded.summary.approvals,
  )
  const call = result.current.toolCalls.find((candidate) => candidate.callId === callId)
  expect(call?.status).toBe('awaiting-approval')
  expect(fetch.requests).toHaveLength(1)
  return { result, fetch }
}

/** The AI SDK tool part of the call in a recorded `{ messages }` request body. */
function aiSdkToolPart(body: unknown) {
  const messages = (body as { messages: { parts: Record<string, unknown>[] }[] }).messages
  return messages.flatMap((message) => message.parts).find((part) => part.toolCallId === callId)
}

/** After approving: the refund ran (the recorded output), nothing waits, and the answer is shown. */
function expectApprovedRefund(
  chat: ReturnType<typeof renderChat>['result']['current'],
  resumedFixture: string,
) {
  const call = chat.toolCalls.find((candidate) => candidate.callId === callId)
  expect(call).toMatchObject({
    name: 'issue_refund',
    status: 'done',
    output: fixture(resumedFixture).summary.toolCalls[0]!.output,
  })
  expect(call?.output).toBe('Refunded $42.50 on order A-1001')
  expect(chat.approvals).toEqual([])
  expect(chat.messages.at(-1)?.parts).toContainEqual(
    expect.objectContaining({ type: 'text', text: summaryText(resumedFixture) }),
  )
}

describe('approval round trip', () => {
  it('openai-agents: approve sends { runId, approvals } and the resumed run shows the tool output', async () => {
    const resumed = fixture('openai-agents/approval-resume')
    const { result, fetch } = await interrupted('openai-agents', route('openai-agents/approval-resume'))
    // The run id the stream announced (`run_started`, an @agentstream/server frame; the raw SDK
    // recording has none, so it is null here).
    const runId = result.current.state.runId

    await result.current.approve(callId)
    await waitFor(() => expect(result.current.status).toBe('done'))
    expect(fetch.requests).toHaveLength(2)
    expect(fetch.requests[1]!.body).toEqual({ runId, approvals: [{ callId, approved: true }] })
    const call = result.current.toolCalls.find((candidate) => candidate.callId === callId)
    expect(call).toMatchObject({
      name: 'issue_refund',
      status: 'done',
      output: resumed.summary.toolCalls[0]!.output,
    })
    expect(result.current.approvals).toEqual([])
    expect(result.current.messages.at(-1)?.parts).toContainEqual(
      expect.objectContaining({ type: 'text', text: summaryText('openai-agents/approval-resume') }),
    )
  })

  it('openai-agents: reject sends approved: false with the reason and the run says so', async () => {
    const rejected = fixture('openai-agents/approval-rejected')
    const { result, fetch } = await interrupted('openai-agents', route('openai-agents/approval-rejected'))
    const runId = result.current.state.runId

    await result.current.reject(callId, 'Not authorised')
    await waitFor(() => expect(result.current.status).toBe('done'))
    expect(fetch.requests[1]!.body).toEqual({
      runId,
      approvals: [{ callId, approved: false, reason: 'Not authorised' }],
    })
    const call = result.current.toolCalls.find((candidate) => candidate.callId === callId)
    expect(call).toMatchObject({ status: 'denied', output: rejected.summary.toolCalls[0]!.output })
  })

  it('ai-sdk: approve sends the tool part with state approval-responded and approval.approved: true', async () => {
    // The second body is what the real `streamText` streamed for exactly that request (convertToModelMessages
    // of the approved UI messages): the tool's output, then the model's answer.
    const { result, fetch } = await interrupted(
      'ai-sdk',
      route('ai-sdk/approval-resume', { chunkSizes: 'random', seed: 7 }),
    )
    await result.current.approve(callId)
    await waitFor(() => expect(result.current.status).toBe('done'))
    expect(fetch.requests).toHaveLength(2)
    expect(aiSdkToolPart(fetch.requests[1]!.body)).toMatchObject({
      type: 'tool-issue_refund',
      toolCallId: callId,
      input: { orderId: 'A-1001', amount: 42.5 },
      state: 'approval-responded',
      approval: { id: 'aitxt-approval-2', approved: true },
    })
    expectApprovedRefund(result.current, 'ai-sdk/approval-resume')
  })

  it('ai-sdk: reject sends approval.approved: false and the recorded answer shows the denial', async () => {
    const { result, fetch } = await interrupted('ai-sdk', route('ai-sdk/approval-denied'))
    await result.current.reject(callId, 'Not authorised')
    await waitFor(() => expect(result.current.status).toBe('done'))
    expect(aiSdkToolPart(fetch.requests[1]!.body)).toMatchObject({
      state: 'approval-responded',
      approval: { id: 'aitxt-approval-2', approved: false, reason: 'Not authorised' },
    })
    expect(result.current.toolCalls.find((call) => call.callId === callId)?.status).toBe('denied')
    expect(result.current.messages.at(-1)?.parts).toContainEqual(
      expect.objectContaining({ type: 'text', text: summaryText('ai-sdk/approval-denied') }),
    )
  })

  it('ag-ui: approve sends resume: [{ interruptId, status: resolved, payload: { approved: true } }]', async () => {
    const { result, fetch } = await interrupted(
      'ag-ui',
      route('ag-ui/approval-resume', { chunkSizes: 'random', seed: 7 }),
    )
    expect(result.current.approvals[0]?.approvalId).toBe('int-refund-1')
    await result.current.approve(callId)
    await waitFor(() => expect(result.current.status).toBe('done'))
    const body = fetch.requests[1]!.body as Record<string, unknown>
    expect(body.resume).toEqual([
      { interruptId: 'int-refund-1', status: 'resolved', payload: { approved: true } },
    ])
    expectApprovedRefund(result.current, 'ag-ui/approval-resume')
  })

  it('fine-grained: useApprovals and useToolCall follow the round trip', async () => {
    const fetch = createReplayFetch([route('openai-agents/approval'), route('openai-agents/approval-resume')])
    const view = render(<ApprovalApp fetch={fetch} />)
    view.getByText('send').click()
    const button = await view.findByText('Approve issue_refund')
    expect(view.getByTestId('call').textContent).toBe('issue_refund:awaiting-approval')
    button.click()
    await waitFor(() => expect(view.getByTestId('call').textContent).toBe('issue_refund:done'))
    expect(view.queryByText('Approve issue_refund')).toBeNull()
  })
})

function ApprovalList() {
  const approvals = useApprovals()
  const chat = useAgentStream()
  return approvals.map((approval) => (
    <button key={approval.callId} type="button" onClick={() => void chat.approve(approval.callId)}>
      Approve {approval.name}
    </button>
  ))
}

function CallStatus() {
  const call = useToolCall(callId)
  return <output data-testid="call">{call ? `${call.name}:${call.status}` : 'none'}</output>
}

function ApprovalApp({ fetch }: { fetch: typeof globalThis.fetch }) {
  const chat = useAgentStream({ url: '/api/agent', fetch })
  return (
    <AgentStreamProvider store={chat.store}>
      <button type="button" onClick={() => void chat.send('Please refund order A-1001 ($42.50).')}>
        send
      </button>
      <ApprovalList />
      <CallStatus />
    </AgentStreamProvider>
  )
}
