import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentRecord, AgentStatus, PendingItem } from './agent.js';
import { AgentNewsTracker } from './agentNews.js';

function record(status: AgentStatus, extra: Partial<AgentRecord> = {}): AgentRecord {
  return {
    id: 'a1', name: 'brave-otter', prompt: 'Fix the build', workspace: '/w', model: 'm',
    options: { approval: 'ask', scope: [], allowedCommands: [], webSearch: false, mode: 'background' },
    status, steps: 0, premiumRequests: 0, costUsd: 0, inputTokens: 0, outputTokens: 0,
    createdAt: '2026-12-02T00:00:00Z', startedAt: null, endedAt: null, elapsedMs: 0, runningMs: 0, runningSince: null,
    pid: null, pending: null, summary: { filesChanged: [], commandsRun: [], testsRun: [] }, error: null, rateLimitedUntil: null, lastSeq: 1,
    ...extra,
  };
}
const ask = (toolUseId: string, question = 'Which database?'): PendingItem => ({ kind: 'input', question, toolUseId });
const approve = (toolUseId: string, command = 'rm -rf build'): PendingItem => ({ kind: 'approval', command, toolUseId, reason: 'command' });

/** The titles of the news in a sequence of records. */
function newsOf(tracker: AgentNewsTracker, records: AgentRecord[]): string[] {
  return records.flatMap((r) => {
    const news = tracker.next(r);
    return news ? [`${news.kind}: ${news.title} | ${news.body}`] : [];
  });
}

test('one notification per real transition: each pause item once, completion and failure on the way in', () => {
  const tracker = new AgentNewsTracker();
  assert.deepEqual(
    newsOf(tracker, [
      record('queued'),
      record('running'),
      record('running', { steps: 3 }),
      record('paused_input', { pending: ask('t1') }),
      record('paused_input', { pending: ask('t1'), steps: 4 }), // the same pause, re-sent
      record('running'),
      record('paused_approval', { pending: approve('t2') }),
      record('running'),
      record('completed', { summary: { filesChanged: [{ path: 'a', status: 'modified', additions: 1, deletions: 0 }], commandsRun: [], testsRun: [] } }),
      record('completed', { lastSeq: 9 }),
    ]),
    [
      'input: brave-otter needs input | Which database?',
      'approval: brave-otter needs approval | rm -rf build',
      'completed: brave-otter completed | 1 file changed. Ready for review.',
    ],
  );
  assert.deepEqual(newsOf(tracker, [record('failed', { id: 'a2', error: 'The agent process died.' }), record('cancelled', { id: 'a3' })]), [
    'failed: brave-otter failed | The agent process died.',
  ]);
});

test('none for the action the person just took: answering, approving, rejecting', () => {
  const tracker = new AgentNewsTracker();
  assert.deepEqual(newsOf(tracker, [record('paused_approval', { pending: approve('t1') })]).length, 1);
  assert.deepEqual(
    newsOf(tracker, [
      // The answer is in: the status has not moved yet, the item is gone.
      record('paused_approval', { pending: null }),
      record('running'),
      // A re-broadcast of the old paused record (a page reconnecting) is not a new pause.
      record('paused_approval', { pending: approve('t1') }),
      record('running'),
      record('completed'),
    ]),
    ['completed: brave-otter completed | 0 files changed. Ready for review.'],
  );
});

test('a new item is news even without a status change in between (coalesced records)', () => {
  const tracker = new AgentNewsTracker();
  assert.deepEqual(
    newsOf(tracker, [
      record('paused_input', { pending: ask('t1') }),
      record('paused_input', { pending: ask('t2', 'Which port?') }),
      record('paused_approval', { pending: approve('t3') }),
    ]).map((line) => line.split(' | ')[1]),
    ['Which database?', 'Which port?', 'rm -rf build'],
  );
});

test('what was already so when watching started is not news; later changes are', () => {
  const tracker = new AgentNewsTracker();
  tracker.remember(record('paused_input', { pending: ask('t1') }));
  tracker.remember(record('completed', { id: 'a2' }));
  assert.equal(tracker.has('a1'), true);
  assert.deepEqual(newsOf(tracker, [record('paused_input', { pending: ask('t1') }), record('completed', { id: 'a2' })]), []);
  assert.deepEqual(newsOf(tracker, [record('running'), record('failed', { error: null })]), ['failed: brave-otter failed | Fix the build']);
});

test('budget and MCP approvals say what they are; long text is clipped to one line', () => {
  const tracker = new AgentNewsTracker();
  const budget: PendingItem = { kind: 'approval', command: 'continue', toolUseId: 'b1', reason: 'budget', detail: '10 premium requests used' };
  const mcp: PendingItem = { kind: 'approval', command: 'mcp__github__create_issue {}', toolUseId: 'm1', reason: 'mcp' };
  const long = ask('q1', `Which\n${'x'.repeat(300)}`);
  const bodies = newsOf(tracker, [
    record('paused_approval', { pending: budget }),
    record('paused_approval', { pending: mcp }),
    record('paused_input', { pending: long }),
  ]).map((line) => line.split(' | ')[1]!);
  assert.equal(bodies[0], 'Budget reached: 10 premium requests used');
  assert.equal(bodies[1], 'Wants to call: mcp__github__create_issue {}');
  assert.equal(bodies[2]!.length, 180);
  assert.ok(bodies[2]!.startsWith('Which xxx') && bodies[2]!.endsWith('…'));
});
