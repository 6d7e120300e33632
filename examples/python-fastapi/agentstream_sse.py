"""Stream an OpenAI Agents SDK (Python) run as the SSE frames `@agentstream/core` reads.

The wire contract is the same as `@agentstream/server` (TypeScript) writes:

    id: <runId>:0
    data: {"type":"run_started","runId":"<runId>","agent":{"name":"<first agent>"}}

    id: <runId>:1
    data: <one serialized stream event>
    ...
    id: <runId>:<n>
    data: {"type":"run_finished","status":"done"}          (or "interrupted" / "stopped")
    # or, when the run raised:
    data: {"type":"error","error":{"name":"<Error name>","message":"<message>"}}

Stream events are serialized like this (the Python SDK defines no wire form of its own):

* ``raw_response_event``: ``{"type": "raw_response_event", "data": <the Responses event model_dump()>}``
* ``run_item_stream_event``: ``{"type": "run_item_stream_event", "name": ..., "item": {"type", "agent":
  {"name"}, "raw_item": <model_dump()>, and "output" / "source_agent" / "target_agent" / "tool_name"
  where the item has them}}``
* ``agent_updated_stream_event``: ``{"type": "agent_updated_stream_event", "new_agent": {"name"}}``
* anything else (``tool_progress_stream_event``, …): its fields, best effort.

Python does not stream tool approvals: when the run stops for approvals, one
``run_item_stream_event`` named ``tool_approval_requested`` is written per
``result.interruptions`` entry before ``run_finished`` ``interrupted``.

``RunLog`` keeps the frames of a run in memory (bounded) so a client that reconnects with
``Last-Event-ID: <runId>:<seq>`` gets what it missed and then follows the run live.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any


def new_run_id() -> str:
    return f"run_{uuid.uuid4().hex}"


def format_event_id(run_id: str, seq: int) -> str:
    return f"{run_id}:{seq}"


def parse_event_id(value: str | None) -> tuple[str, int] | None:
    """``"<runId>:<seq>"`` -> ``(runId, seq)``; ``None`` for anything else."""
    if not value or ":" not in value:
        return None
    run_id, _, seq = value.rpartition(":")
    if not run_id or not seq.isdigit():
        return None
    return run_id, int(seq)


def encode_frame(data: str, event_id: str | None = None, event: str | None = None) -> str:
    """One SSE frame; multi-line data becomes several ``data:`` lines."""
    lines = []
    if event_id is not None:
        lines.append(f"id: {event_id}")
    if event is not None:
        lines.append(f"event: {event}")
    for line in data.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.append(f"data: {line}")
    return "\n".join(lines) + "\n\n"


# ── Serialization ────────────────────────────────────────────────────────────────────────────────


def _plain(value: Any) -> Any:
    """A JSON-safe version of SDK objects (pydantic models, dataclasses, agents)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "model_dump"):
        try:
            return value.model_dump(mode="json")
        except Exception:  # noqa: BLE001 - best effort
            return str(value)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        try:
            return _plain(dataclasses.asdict(value))
        except Exception:  # noqa: BLE001
            return str(value)
    return str(value)


def _agent(agent: Any) -> dict[str, Any] | None:
    name = getattr(agent, "name", None)
    return {"name": name} if isinstance(name, str) else None


def serialize_item(item: Any) -> dict[str, Any]:
    """A RunItem as ``{"type", "agent": {"name"}, "raw_item", ...}``."""
    result: dict[str, Any] = {"type": getattr(item, "type", "unknown")}
    agent = _agent(getattr(item, "agent", None))
    if agent:
        result["agent"] = agent
    result["raw_item"] = _plain(getattr(item, "raw_item", None))
    if hasattr(item, "output"):
        output = item.output
        result["output"] = output if isinstance(output, str) else _plain(output)
    for field in ("source_agent", "target_agent"):
        if hasattr(item, field):
            named = _agent(getattr(item, field))
            if named:
                result[field] = named
    tool_name = getattr(item, "tool_name", None)
    if isinstance(tool_name, str):
        result["tool_name"] = tool_name
        result["toolName"] = tool_name  # the key the JS SDK uses
    return result


def serialize_event(event: Any) -> dict[str, Any]:
    """One ``stream_events()`` event as a JSON object."""
    kind = getattr(event, "type", None)
    if kind == "raw_response_event":
        return {"type": kind, "data": _plain(event.data)}
    if kind == "run_item_stream_event":
        return {"type": kind, "name": event.name, "item": serialize_item(event.item)}
    if kind == "agent_updated_stream_event":
        return {"type": kind, "new_agent": _agent(event.new_agent)}
    fields = _plain(event)
    if isinstance(fields, dict):
        fields.setdefault("type", kind or "unknown")
        return fields
    return {"type": kind or "unknown", "value": fields}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def describe_error(error: BaseException) -> dict[str, str]:
    return {"name": type(error).__name__, "message": str(error) or type(error).__name__}


# ── The frames of one run ────────────────────────────────────────────────────────────────────────


async def agent_run_frames(
    result: Any,
    *,
    run_id: str,
    agent_name: str | None = None,
    on_interrupted: Callable[[Any], Awaitable[None]] | None = None,
    stopped: Callable[[], bool] | None = None,
    format_error: Callable[[BaseException], dict[str, str]] = describe_error,
) -> AsyncIterator[str]:
    """The JSON ``data`` of every frame of a ``Runner.run_streamed(...)`` result, without ids.

    ``on_interrupted(result)`` runs before ``run_finished`` ``interrupted`` (save
    ``result.to_state().to_string()`` there, so an approval request can find it). ``stopped()``
    tells a run ended by ``result.cancel()`` (a stop request) from one that finished.
    """
    name = agent_name or getattr(getattr(result, "current_agent", None), "name", None) or "Agent"
    yield _dumps({"type": "run_started", "runId": run_id, "agent": {"name": name}})
    try:
        async for event in result.stream_events():
            yield _dumps(serialize_event(event))
    except asyncio.CancelledError:
        raise
    except Exception as error:  # noqa: BLE001 - every failure becomes an error frame
        yield _dumps({"type": "error", "error": format_error(error)})
        return
    if stopped is not None and stopped():
        yield _dumps({"type": "run_finished", "status": "stopped", "reason": "stop"})
        return
    interruptions = list(getattr(result, "interruptions", None) or [])
    if interruptions:
        for item in interruptions:
            yield _dumps(
                {
                    "type": "run_item_stream_event",
                    "name": "tool_approval_requested",
                    "item": serialize_item(item),
                }
            )
        if on_interrupted is not None:
            await on_interrupted(result)
        yield _dumps({"type": "run_finished", "status": "interrupted"})
        return
    yield _dumps({"type": "run_finished", "status": "done"})


async def agent_run_to_sse(result: Any, *, run_id: str | None = None, **options: Any) -> AsyncIterator[str]:
    """Encoded SSE frames (``id: <runId>:<seq>``) of a streamed run, for a ``StreamingResponse``
    when you do not need resume. See ``RunLog`` for a resumable stream."""
    run_id = run_id or new_run_id()
    seq = 0
    async for data in agent_run_frames(result, run_id=run_id, **options):
        yield encode_frame(data, format_event_id(run_id, seq))
        seq += 1


# ── A resumable, bounded, in-memory event log ────────────────────────────────────────────────────


class EventsExpired(Exception):
    """The frames a reader asked for are no longer kept."""


@dataclasses.dataclass
class _Log:
    frames: deque[tuple[int, str]]
    next_seq: int = 0
    ended: bool = False
    touched: float = dataclasses.field(default_factory=time.monotonic)
    changed: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)


class RunLog:
    """Frames of every run, ``max_events`` per run, forgotten ``ttl`` seconds after the last write.

    One process only: behind several workers, use a shared store (the TypeScript package ships a
    Redis Streams one) or sticky sessions.
    """

    def __init__(self, max_events: int = 10_000, ttl: float = 15 * 60) -> None:
        self.max_events = max_events
        self.ttl = ttl
        self._logs: dict[str, _Log] = {}
        self.states: dict[str, tuple[str, float]] = {}  # runId -> (serialized RunState, saved at)
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.results: dict[str, Any] = {}
        self.stopped: set[str] = set()

    def _sweep(self) -> None:
        now = time.monotonic()
        for run_id in [key for key, log in self._logs.items() if now - log.touched > self.ttl]:
            del self._logs[run_id]
        for run_id in [key for key, (_, saved) in self.states.items() if now - saved > self.ttl]:
            del self.states[run_id]

    def has(self, run_id: str) -> bool:
        self._sweep()
        return run_id in self._logs

    def first_seq(self, run_id: str) -> int:
        log = self._logs[run_id]
        return log.frames[0][0] if log.frames else log.next_seq

    def append(self, run_id: str, data: str) -> None:
        log = self._logs.setdefault(run_id, _Log(frames=deque(maxlen=self.max_events)))
        log.frames.append((log.next_seq, data))
        log.next_seq += 1
        log.touched = time.monotonic()
        log.changed.set()
        log.changed = asyncio.Event()

    def end(self, run_id: str) -> None:
        log = self._logs.get(run_id)
        if log is None:
            return
        log.ended = True
        log.touched = time.monotonic()
        log.changed.set()

    async def read(self, run_id: str, after_seq: int) -> AsyncIterator[str]:
        """Encoded frames after ``after_seq``, then live ones until the run ends."""
        cursor = after_seq
        while True:
            log = self._logs.get(run_id)
            if log is None:
                raise EventsExpired(f"No events are kept for run {run_id}.")
            if log.frames and log.frames[0][0] > cursor + 1:
                raise EventsExpired(f"Events {cursor + 1}-{log.frames[0][0] - 1} of run {run_id} expired.")
            pending = [(seq, data) for seq, data in log.frames if seq > cursor]
            for seq, data in pending:
                cursor = seq
                yield encode_frame(data, format_event_id(run_id, seq))
            if pending:
                continue
            if log.ended:
                return
            waiter = log.changed
            await waiter.wait()

    def start(self, run_id: str, frames: AsyncIterator[str], result: Any) -> None:
        """Pumps a run's frames into the log in the background: a client that disconnects does
        not stop the run, a reconnect resumes it."""
        self._sweep()
        self.results[run_id] = result
        self._logs[run_id] = _Log(frames=deque(maxlen=self.max_events))

        async def pump() -> None:
            try:
                async for data in frames:
                    self.append(run_id, data)
            except Exception as error:  # noqa: BLE001
                self.append(run_id, _dumps({"type": "error", "error": describe_error(error)}))
            finally:
                self.end(run_id)
                self.tasks.pop(run_id, None)
                self.results.pop(run_id, None)

        self.tasks[run_id] = asyncio.create_task(pump())

    def stop(self, run_id: str) -> bool:
        """Cancels a running run for good (a stop request, not a disconnect)."""
        self.states.pop(run_id, None)
        result = self.results.get(run_id)
        if result is None:
            return False
        self.stopped.add(run_id)
        result.cancel()
        return True
