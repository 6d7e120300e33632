"""A FastAPI endpoint for an OpenAI Agents SDK (Python) agent that `@agentstream/core` can talk to.

    pip install -r requirements.txt
    export OPENAI_API_KEY=sk-...
    uvicorn main:app --port 8000

Client (TypeScript):

    import { createAgentStream } from '@agentstream/core'
    const store = createAgentStream({ url: 'http://localhost:8000/api/agent' })
    await store.send('Weather in Oslo?')

Requests (the same as `createAgentHandler` from `@agentstream/server`):

* ``POST {"input", "history"}``: a new turn, streamed;
* ``POST {"runId", "approvals": [{"callId", "approved", "reason"?}]}``: continue an interrupted run;
* ``Last-Event-ID: <runId>:<seq>`` on any request, or ``GET ?runId=…&lastEventId=…``: resume;
* ``POST {"runId", "stop": true}`` or ``DELETE ?runId=…``: stop a run for good.
"""

from __future__ import annotations

import json
import time
from typing import Any

from agents import Agent, Runner, RunState, function_tool
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, StreamingResponse

from agentstream_sse import EventsExpired, RunLog, agent_run_frames, new_run_id, parse_event_id

WEATHER = {"Oslo": "4 °C and cloudy", "Paris": "21 °C and sunny"}


@function_tool
def get_weather(city: str) -> str:
    """Current weather for a city."""
    return WEATHER.get(city, "unknown")


@function_tool(needs_approval=True)
def issue_refund(order_id: str, amount: float) -> str:
    """Refund an order. Needs human approval."""
    return f"Refunded ${amount:.2f} on order {order_id}"


weather_agent = Agent(
    name="Weather Agent",
    handoff_description="Answers weather questions.",
    instructions="Answer weather questions with get_weather.",
    tools=[get_weather],
)
assistant = Agent(
    name="Assistant",
    instructions="You are helpful. Hand weather questions to the Weather Agent.",
    tools=[get_weather, issue_refund],
    handoffs=[weather_agent],
)

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_methods=["*"],
    allow_headers=["*"],
    expose_headers=["x-agentstream-run-id"],
)
log = RunLog(max_events=10_000, ttl=15 * 60)

SSE_HEADERS = {"cache-control": "no-cache, no-transform", "x-accel-buffering": "no"}


def error(status: int, name: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"name": name, "message": message}}, status_code=status)


def stream(run_id: str, after_seq: int) -> StreamingResponse | JSONResponse:
    if not log.has(run_id):
        return error(404, "UnknownRunError", f"No events are kept for run {run_id}.")
    if log.first_seq(run_id) > after_seq + 1:
        return error(410, "EventsExpiredError", f"Events of run {run_id} are no longer kept.")

    async def frames():
        try:
            async for frame in log.read(run_id, after_seq):
                yield frame
        except EventsExpired as expired:
            # An SSE event named `error` is an error in every client protocol: never a silent gap.
            payload = {"type": "error", "error": {"name": "EventsExpiredError", "message": str(expired)}}
            yield f"event: error\ndata: {json.dumps(payload)}\n\n"

    return StreamingResponse(
        frames(),
        media_type="text/event-stream",
        headers={**SSE_HEADERS, "x-agentstream-run-id": run_id},
    )


def start(agent: Agent, run_input: Any) -> StreamingResponse | JSONResponse:
    run_id = new_run_id()
    result = Runner.run_streamed(agent, run_input)

    async def save_state(finished: Any) -> None:
        log.states[run_id] = (finished.to_state().to_string(), time.monotonic())

    frames = agent_run_frames(
        result, run_id=run_id, on_interrupted=save_state, stopped=lambda: run_id in log.stopped
    )
    log.start(run_id, frames, result)
    return stream(run_id, -1)


def history_items(body: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for entry in body.get("history") or []:
        if entry.get("role") in ("user", "assistant") and isinstance(entry.get("content"), str):
            items.append({"role": entry["role"], "content": entry["content"]})
    items.append({"role": "user", "content": body["input"]})
    return items


def call_id_of(item: Any) -> str | None:
    raw = getattr(item, "raw_item", None)
    for key in ("call_id", "callId", "id"):
        value = raw.get(key) if isinstance(raw, dict) else getattr(raw, key, None)
        if isinstance(value, str):
            return value
    return None


@app.api_route("/api/agent", methods=["GET", "POST", "DELETE"])
async def agent_endpoint(request: Request):
    body: dict[str, Any] = {}
    if request.method in ("POST", "DELETE"):
        try:
            parsed = await request.json()
            body = parsed if isinstance(parsed, dict) else {}
        except Exception:  # noqa: BLE001 - no or invalid JSON body
            body = {}

    if request.method == "DELETE" or body.get("stop") is True:
        run_id = request.query_params.get("runId") or body.get("runId")
        if not isinstance(run_id, str):
            return error(400, "BadRequest", "A stop request needs a runId.")
        stopped = log.stop(run_id)
        return JSONResponse({"runId": run_id, "stopped": stopped}, status_code=200 if stopped else 404)

    # Resume: Last-Event-ID (what EventSource and @agentstream/core send) or the query.
    target = parse_event_id(request.headers.get("last-event-id")) or parse_event_id(
        request.query_params.get("lastEventId")
    )
    if target is None and request.query_params.get("runId"):
        last = request.query_params.get("lastEventId")
        target = (request.query_params["runId"], int(last) if last and last.isdigit() else -1)
    if target is not None:
        return stream(*target)
    if request.method == "GET":
        return error(400, "BadRequest", "GET resumes a run: send Last-Event-ID or ?runId=…&lastEventId=….")

    if isinstance(body.get("approvals"), list):
        run_id = body.get("runId")
        saved = log.states.pop(run_id, None) if isinstance(run_id, str) else None
        if saved is None:
            return error(409, "NoPendingApprovals", f"Run {run_id} is not waiting for approvals.")
        state = await RunState.from_string(assistant, saved[0])
        pending = {call_id_of(item): item for item in state.get_interruptions()}
        for decision in body["approvals"]:
            item = pending.get(decision.get("callId"))
            if item is None:
                log.states[run_id] = saved
                return error(400, "UnknownApproval", f"Run {run_id} is not waiting for {decision.get('callId')}.")
            if decision.get("approved") is True:
                state.approve(item)
            elif decision.get("reason"):
                state.reject(item, rejection_message=f"Tool execution was not approved: {decision['reason']}")
            else:
                state.reject(item)
        return start(assistant, state)

    if isinstance(body.get("input"), str):
        return start(assistant, history_items(body))
    return error(400, "BadRequest", "Send {input, history}, {runId, approvals} or {runId, stop: true}.")
