// Native notifications: one per transition into paused, completed or failed;
// none for other statuses, repeats, or agents already paused when the app
// opened; clicking opens that agent.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentRecord, AgentStatus } from '../../src/shared/agent.js';
import { notifyNatively } from '../../src/main/electron/notifications.js';
import { createMemoryHost, makeRecord } from '../integration/serverSupport.js';
import { createFakeNotificationClass } from './fakeElectron.js';

function record(id: string, status: AgentStatus, extra: Partial<AgentRecord> = {}): AgentRecord {
  return { ...makeRecord(id, `prompt of ${id}`), status, ...extra };
}

test('each transition into a notable status notifies once, with words a person understands', async () => {
  const host = createMemoryHost('/tmp/ws');
  const { Notification, shown } = createFakeNotificationClass();
  const opened: string[] = [];
  const watcher = notifyNatively({ Notification, host, onOpenAgent: (id) => opened.push(id) });
  await watcher.ready;

  host.emit('onDidChangeAgent', record('a1', 'queued'));
  host.emit('onDidChangeAgent', record('a1', 'running'));
  host.emit('onDidChangeAgent', record('a1', 'running', { steps: 3 }));
  host.emit('onDidChangeAgent', record('a1', 'paused_input', { pending: { kind: 'input', question: 'Which database?', toolUseId: 't1' } }));
  host.emit('onDidChangeAgent', record('a1', 'paused_input', { pending: { kind: 'input', question: 'Which database?', toolUseId: 't1' }, steps: 4 }));
  host.emit('onDidChangeAgent', record('a1', 'running'));
  host.emit('onDidChangeAgent', record('a1', 'paused_approval', { pending: { kind: 'approval', command: 'rm -rf build', toolUseId: 't2', reason: 'command' } }));
  host.emit('onDidChangeAgent', record('a1', 'running'));
  host.emit('onDidChangeAgent', record('a1', 'completed', { summary: { filesChanged: [{ path: 'a', status: 'modified', additions: 1, deletions: 0 }], commandsRun: [], testsRun: [] } }));
  host.emit('onDidChangeAgent', record('a1', 'completed'));
  host.emit('onDidChangeAgent', record('a2', 'running'));
  host.emit('onDidChangeAgent', record('a2', 'failed', { error: 'The agent process died (exit code 1).' }));
  host.emit('onDidChangeAgent', record('a3', 'cancelled'));

  assert.deepEqual(
    shown.map((n) => [n.title, n.body]),
    [
      ['agent-a1 needs input', 'Which database?'],
      ['agent-a1 needs approval', 'rm -rf build'],
      ['agent-a1 completed', '1 file changed. Ready for review.'],
      ['agent-a2 failed', 'The agent process died (exit code 1).'],
    ],
  );

  shown[1]!.click();
  assert.deepEqual(opened, ['a1']);
  watcher.dispose();
  host.emit('onDidChangeAgent', record('a4', 'failed'));
  assert.equal(shown.length, 4, 'nothing after dispose');
});

test('a new question right after an answer notifies, though the record never left paused; the answer itself does not', async () => {
  const host = createMemoryHost('/tmp/ws');
  const { Notification, shown } = createFakeNotificationClass();
  const watcher = notifyNatively({ Notification, host, onOpenAgent: () => {} });
  await watcher.ready;
  const asking = (toolUseId: string, question: string) => record('a1', 'paused_input', { pending: { kind: 'input', question, toolUseId } });
  host.emit('onDidChangeAgent', asking('t1', 'Which database?'));
  // The person answers: the record is still paused for a moment, its item gone.
  host.emit('onDidChangeAgent', record('a1', 'paused_input', { pending: null }));
  // Records are coalesced per frame: the next one already carries the next question.
  host.emit('onDidChangeAgent', asking('t2', 'Which port?'));
  assert.deepEqual(shown.map((n) => n.body), ['Which database?', 'Which port?']);
  watcher.dispose();
});

test('agents already paused when the app opens do not notify again', async () => {
  const host = createMemoryHost('/tmp/ws');
  const [existing] = await host.service.startAgents({ prompts: ['old'] });
  const paused = { ...existing!, status: 'paused_input' as const };
  (host.service as unknown as { listAgents(): Promise<AgentRecord[]> }).listAgents = async () => [paused];
  const { Notification, shown } = createFakeNotificationClass();
  const watcher = notifyNatively({ Notification, host, onOpenAgent: () => {} });
  await watcher.ready;
  host.emit('onDidChangeAgent', paused);
  assert.equal(shown.length, 0);
  host.emit('onDidChangeAgent', { ...paused, status: 'completed' });
  assert.equal(shown.length, 1);
  watcher.dispose();
});

test('where notifications are not supported, none are made', async () => {
  const host = createMemoryHost('/tmp/ws');
  const { Notification, shown } = createFakeNotificationClass(false);
  const watcher = notifyNatively({ Notification, host, onOpenAgent: () => {} });
  host.emit('onDidChangeAgent', record('a1', 'failed'));
  assert.equal(shown.length, 0);
  watcher.dispose();
});
