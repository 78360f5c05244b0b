// Notices an agent going round in circles: the same failing tool call three
// times in a row, or many steps without changing any file. It says why, so the
// agent can ask the person for guidance.

export const SAME_FAILURE_LIMIT = 3;
export const STEPS_WITHOUT_CHANGE_LIMIT = 30;

/** JSON with sorted keys, so equal inputs give equal keys. */
function stableKey(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableKey(v)}`).join(',')}}`;
}

export class StuckGuard {
  private lastFailure: string | null = null;
  private sameFailures = 0;

  constructor(private stepsWithoutChange = 0) {}

  /** Records one finished tool call; returns the question to ask when the agent looks stuck. */
  record(tool: string, input: unknown, ok: boolean, changedFiles: boolean, error?: string): string | null {
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
    this.stepsWithoutChange = changedFiles ? 0 : this.stepsWithoutChange + 1;

    if (this.sameFailures >= SAME_FAILURE_LIMIT) {
      this.sameFailures = 0;
      this.lastFailure = null;
      const why = error ? ` It failed with: ${error.split('\n')[0]!.slice(0, 300)}` : '';
      return `I made the same ${tool} call ${SAME_FAILURE_LIMIT} times in a row and it failed each time, so I seem to be stuck.${why} How should I go on?`;
    }
    if (this.stepsWithoutChange >= STEPS_WITHOUT_CHANGE_LIMIT) {
      this.stepsWithoutChange = 0;
      return `I have taken ${STEPS_WITHOUT_CHANGE_LIMIT} steps without changing any file. Am I on the right track? Tell me how to go on.`;
    }
    return null;
  }
}
