import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { withUsageFilledIn } from './providerClient.js';
import { streamedResponse } from './nodeHttpFetch.js';
import { mcpResultText } from './mcp/mcpResults.js';

function sseResponse(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

test('a stream without usage gets zero usage in message_start and message_delta, and the agent is told', async () => {
  let missing = 0;
  // Split in the middle of a line, as a network would.
  const start = 'event: message_start\ndata: {"type":"message_start","message":{"id":"m","content":[]}}\n\n';
  const delta = 'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"}}\n\n';
  const response = withUsageFilledIn(sseResponse([start.slice(0, 30), start.slice(30) + delta.slice(0, 50), delta.slice(50)]), () => missing++);
  const text = await response.text();
  const events = text.split('\n').filter((l) => l.startsWith('data:')).map((l) => JSON.parse(l.slice(5)));
  assert.deepEqual(events[0].message.usage, { input_tokens: 0, output_tokens: 0 });
  assert.deepEqual(events[1].usage, { output_tokens: 0 });
  assert.equal(missing, 2);
});

test('a stream with usage passes through unchanged', async () => {
  let missing = 0;
  const sse = 'event: message_delta\ndata: {"type":"message_delta","delta":{},"usage":{"output_tokens":7}}\n\n';
  const text = await withUsageFilledIn(sseResponse([sse]), () => missing++).text();
  assert.equal(text, sse);
  assert.equal(missing, 0);
});

test("the agent's own responses (a Node stream underneath) are fixed the same way, and a broken stream still fails the read", async () => {
  let missing = 0;
  const start = 'event: message_start\ndata: {"type":"message_start","message":{"id":"m","content":[]}}\n\n';
  const headers = new Headers({ 'content-type': 'text/event-stream' });
  const whole = streamedResponse(Readable.from([Buffer.from(start.slice(0, 40)), Buffer.from(start.slice(40))]), { status: 200, statusText: 'OK', headers });
  const fixed = withUsageFilledIn(whole, () => missing++);
  assert.equal(fixed.status, 200);
  assert.equal(fixed.headers.get('content-type'), 'text/event-stream');
  const text = await fixed.text();
  assert.deepEqual(JSON.parse(text.split('\n')[1]!.slice(5)).message.usage, { input_tokens: 0, output_tokens: 0 });
  assert.equal(missing, 1);
  // The connection drops mid-reply: the SDK's read of the body must fail, not end as if complete.
  const broken = new Readable({ read() {} });
  broken.push(Buffer.from(start.slice(0, 40)));
  setImmediate(() => broken.destroy(new Error('socket hang up')));
  const reply = withUsageFilledIn(streamedResponse(broken, { status: 200, statusText: 'OK', headers }), () => missing++);
  await assert.rejects(async () => {
    for await (const chunk of reply.body as unknown as AsyncIterable<Uint8Array>) void chunk;
  }, /socket hang up/);
  // The ponyfill's clone() would hand back the same body; ours says it cannot.
  assert.throws(() => fixed.clone(), /does not clone/);
});

test('MCP results become text for the model; isError marks a failed call', () => {
  assert.deepEqual(mcpResultText({ content: [{ type: 'text', text: 'a' }, { type: 'image', mimeType: 'image/png' }] }), {
    ok: true,
    content: 'a\n[image (image/png) not shown]',
  });
  assert.deepEqual(mcpResultText({ content: [{ type: 'text', text: 'no such repo' }], isError: true }), { ok: false, content: 'no such repo' });
  assert.deepEqual(mcpResultText({ content: [], structuredContent: { n: 1 } }), { ok: true, content: '{"n":1}' });
  assert.deepEqual(mcpResultText({}), { ok: true, content: '(no content)' });
});
