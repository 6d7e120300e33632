"""Offline self-check of agentstream_sse.py with stand-in objects shaped like the Python SDK's
(no openai-agents install needed): writes interrupted.sse and error.sse next to this file and checks
RunLog replay. Decode the files with `node packages/cli/bin/agentstream.js replay <file> --json`.
"""
import asyncio, os, sys
from types import SimpleNamespace as NS
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from agentstream_sse import agent_run_to_sse, RunLog, agent_run_frames

class Model:
    def __init__(self, **kw): self.kw = kw
    def model_dump(self, mode=None): return dict(self.kw)

assistant = NS(name='Assistant'); weather = NS(name='Weather Agent')
def raw(**kw): return NS(type='raw_response_event', data=Model(**kw))
events = [
    NS(type='agent_updated_stream_event', new_agent=assistant),
    raw(type='response.created', response={'id': 'r1'}, sequence_number=0),
    raw(type='response.output_item.added', output_index=0, item={'id': 'm1', 'type': 'message', 'role': 'assistant', 'content': [], 'status': 'in_progress'}, sequence_number=1),
    raw(type='response.output_text.delta', item_id='m1', output_index=0, content_index=0, delta='Hand', sequence_number=2),
    raw(type='response.output_text.delta', item_id='m1', output_index=0, content_index=0, delta='ing off — ✓', sequence_number=3),
    NS(type='run_item_stream_event', name='message_output_created', item=NS(type='message_output_item', agent=assistant, raw_item=Model(id='m1', type='message', role='assistant', content=[{'type': 'output_text', 'text': 'Handing off — ✓'}]))),
    NS(type='run_item_stream_event', name='handoff_requested', item=NS(type='handoff_call_item', agent=assistant, raw_item=Model(type='function_call', call_id='c0', name='transfer_to_weather_agent', arguments='{}'))),
    NS(type='run_item_stream_event', name='handoff_occured', item=NS(type='handoff_output_item', agent=assistant, source_agent=assistant, target_agent=weather, raw_item={'type': 'function_call_output', 'call_id': 'c0', 'output': '{"assistant": "Weather Agent"}'})),
    NS(type='agent_updated_stream_event', new_agent=weather),
    NS(type='run_item_stream_event', name='tool_called', item=NS(type='tool_call_item', agent=weather, raw_item=Model(type='function_call', call_id='c1', name='get_weather', arguments='{"city":"Oslo"}'))),
    NS(type='run_item_stream_event', name='tool_output', item=NS(type='tool_call_output_item', agent=weather, output='4 °C and cloudy', raw_item={'type': 'function_call_output', 'call_id': 'c1', 'output': '4 °C and cloudy'})),
    NS(type='run_item_stream_event', name='tool_called', item=NS(type='tool_call_item', agent=weather, raw_item=Model(type='function_call', call_id='c2', name='issue_refund', arguments='{"order_id":"A","amount":5}'))),
]
approval = NS(type='tool_approval_item', agent=weather, tool_name='issue_refund', raw_item=Model(type='function_call', call_id='c2', name='issue_refund', arguments='{"order_id":"A","amount":5}'))

class Result:
    current_agent = assistant
    def __init__(self, evs, interruptions=(), fail=None): self.evs, self.interruptions, self.fail = evs, list(interruptions), fail
    async def stream_events(self):
        for e in self.evs:
            await asyncio.sleep(0)
            yield e
        if self.fail: raise self.fail

async def main():
    out = ''.join([f async for f in agent_run_to_sse(Result(events, [approval]), run_id='run_py')])
    open(os.path.join(HERE, 'interrupted.sse'), 'w').write(out)
    out = ''.join([f async for f in agent_run_to_sse(Result(events[:6], fail=RuntimeError('Model exploded')), run_id='run_err')])
    open(os.path.join(HERE, 'error.sse'), 'w').write(out)
    # RunLog: a reader that joins late and one that resumes
    log = RunLog(max_events=100)
    log.start('run_log', agent_run_frames(Result(events[:6]), run_id='run_log'), None)
    late = [f async for f in log.read('run_log', -1)]
    resumed = [f async for f in log.read('run_log', 3)]
    assert late[4:] == resumed, (len(late), len(resumed))
    assert late[0].startswith('id: run_log:0\n'), late[0]
    small = RunLog(max_events=2)
    small.start('run_small', agent_run_frames(Result(events[:6]), run_id='run_small'), None)
    await asyncio.sleep(0.05)
    try:
        [f async for f in small.read('run_small', 0)]
        raise SystemExit('expected EventsExpired')
    except Exception as e:
        assert type(e).__name__ == 'EventsExpired', e
    print('runlog ok', len(late))
asyncio.run(main())
