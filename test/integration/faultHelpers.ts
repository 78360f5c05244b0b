// Checks shared by the fault suite (faults*.test.ts): after each fault, what
// was written must still be there: every line of the event log parses, seqs
// run 1, 2, 3... without a gap, and the review still answers.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentLogPath, workspaceStateDir } from '../../src/main/store/homePaths.js';
import type { AgentEvent } from '../../src/shared/events.js';
import type { FileDiff } from '../../src/shared/review.js';
import type { Sandbox } from './cliHelpers.js';

/** Reads an agent's events.jsonl byte for byte and fails on any line that is not a whole event. */
export function readLogStrictly(home: string, workspace: string, agentId: string): AgentEvent[] {
  const text = readFileSync(agentLogPath(workspaceStateDir(home, workspace), agentId), 'utf8');
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'the log ends with a whole line');
  const events = lines.map((line, i) => {
    try {
      return JSON.parse(line) as AgentEvent;
    } catch {
      assert.fail(`line ${i + 1} of ${agentId}'s log is corrupt: ${line.slice(0, 120)}`);
    }
  });
  events.forEach((e, i) => assert.equal(e.seq, i + 1, `seq ${i + 1} is in its place`));
  return events;
}

/** Every agent id of the sandbox's workspace (from the folders under its state). */
export function agentIdsOf(s: Sandbox): string[] {
  try {
    return readdirSync(join(workspaceStateDir(s.home, s.workspace), 'agents')).sort();
  } catch {
    return [];
  }
}

/** The log is whole, and the review answers (`offload diff --json`) with the files it should. */
export async function assertNothingLost(s: Sandbox, agentId: string, expectedPaths: string[]): Promise<AgentEvent[]> {
  const events = readLogStrictly(s.home, s.workspace, agentId);
  assert.equal(events[0]?.type, 'started');
  const diff = await s.offload(['diff', agentId, '--json']);
  assert.equal(diff.code, 0, diff.stderr);
  const files = JSON.parse(diff.stdout) as FileDiff[];
  assert.deepEqual(files.map((f) => f.path).sort(), [...expectedPaths].sort());
  return events;
}
