// Notices an agent going round in circles, and says what repeated, so the
// agent can ask the person for guidance.
//
// Progress is anything new: a file written, a file (or range) read for the
// first time or read again after it changed, a new search or listing, a
// command whose output differs from before. A call that gives back exactly
// what it gave before (the same read of an unchanged file, the same search,
// the same command with the same output, the same error) is not progress.
// An audit that reads 30 different files never pauses; an agent re-reading
// the same few files, or re-running the same failing command, does.
//
// Two rules:
// - the same failing call SAME_FAILURE_LIMIT times in a row;
// - STEPS_WITHOUT_PROGRESS_LIMIT steps in a row that were all repeats.

import { createHash } from 'node:crypto';

export const SAME_FAILURE_LIMIT = 3;
export const STEPS_WITHOUT_PROGRESS_LIMIT = 12;

/** JSON with sorted keys, so equal inputs give equal keys. */
function stableKey(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableKey(v)}`).join(',')}}`;
}

/** Durations ("1.23s", "450 ms") and clock times ("12:04:59"): they differ between two runs of the same thing. */
const TIMINGS = /\b\d+(?:\.\d+)?\s*(?:ms|s|sec|secs|seconds|m|min)\b|\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\b/g;

/**
 * What a call gave back, for comparing with earlier calls. Timings are
 * folded: a test run that differs from the last only in "Duration 1.23s"
 * gave back nothing new; one with other counts of passing tests did.
 */
function resultFingerprint(callKey: string, content: string): string {
  return createHash('sha1').update(callKey).update('\0').update(content.replace(TIMINGS, '#')).digest('hex');
}

/** A short human name for a call: the tool and the input field that says most. */
function describeCall(tool: string, input: unknown): string {
  const fields = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  for (const name of ['command', 'path', 'pattern', 'query', 'question']) {
    const value = fields[name];
    if (typeof value === 'string' && value) return `${tool} ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)}`;
  }
  return tool;
}

export class StuckGuard {
  private lastFailure: string | null = null;
  private sameFailures = 0;
  /** Every result seen so far in this agent's run (fingerprints). */
  private readonly seen = new Set<string>();
  private stepsWithoutProgress = 0;
  /** The repeats of the current run of steps without progress: call name -> times. */
  private repeats = new Map<string, number>();

  /**
   * Records one finished tool call: `content` is what it gave back (its
   * result or error text), `changedFiles` whether it wrote anything. Returns
   * the question to ask when the agent looks stuck.
   */
  record(tool: string, input: unknown, ok: boolean, changedFiles: boolean, content = ''): string | null {
    const key = `${tool}:${stableKey(input)}`;
    if (ok) {
      this.lastFailure = null;
      this.sameFailures = 0;
    } else if (key === this.lastFailure) {
      this.sameFailures++;
    } else {
      this.lastFailure = key;
      this.sameFailures = 1;
    }

    const fingerprint = resultFingerprint(key, content);
    const isNew = !this.seen.has(fingerprint);
    this.seen.add(fingerprint);
    if (changedFiles || isNew) {
      this.stepsWithoutProgress = 0;
      this.repeats = new Map();
    } else {
      this.stepsWithoutProgress++;
      const name = describeCall(tool, input);
      this.repeats.set(name, (this.repeats.get(name) ?? 0) + 1);
    }

    if (this.sameFailures >= SAME_FAILURE_LIMIT) {
      this.sameFailures = 0;
      this.lastFailure = null;
      const why = !ok && content ? ` It failed with: ${content.split('\n')[0]!.slice(0, 300)}` : '';
      return `I made the same ${tool} call ${SAME_FAILURE_LIMIT} times in a row and it failed each time, so I seem to be stuck.${why} How should I go on?`;
    }
    if (this.stepsWithoutProgress >= STEPS_WITHOUT_PROGRESS_LIMIT) {
      const repeated = [...this.repeats]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([name, times]) => `${name} (${times} ${times === 1 ? 'time' : 'times'})`)
        .join(', ');
      this.stepsWithoutProgress = 0;
      this.repeats = new Map();
      return `I have taken ${STEPS_WITHOUT_PROGRESS_LIMIT} steps in a row that only repeated earlier ones with the same result: ${repeated}. I seem to be going round in circles. Am I on the right track? Tell me how to go on.`;
    }
    return null;
  }
}
