// Re-reads answered cheaply. An agent often reads the same file again (after
// a search, before an edit, to "check"); when what read_file would return is
// byte for byte what the agent was given at an earlier step, and that earlier
// result is still in its conversation, the tool answers with one line instead
// of the content again. What is compared is the tool's own output, so a file
// changed in between (by the agent, a command or the person) always reads in
// full, and there is no extra read or race.

import { createHash } from 'node:crypto';
import { posix } from 'node:path';

interface Remembered {
  digest: string;
  step: number;
  toolUseId: string;
}

export class ReadMemory {
  readonly #reads = new Map<string, Remembered>();

  /** The short answer for a read that returns what an earlier step already showed, else null (and remembers this one). */
  answer(input: { path: string; offset?: number; limit?: number }, content: string, step: number, toolUseId: string): string | null {
    const key = `${posix.normalize(input.path.replace(/\\/g, '/')).replace(/^\.\//, '')}\u0000${input.offset ?? 1}\u0000${input.limit ?? ''}`;
    const digest = createHash('sha256').update(content).digest('hex');
    const earlier = this.#reads.get(key);
    if (earlier && earlier.digest === digest) {
      return `(${input.path} is unchanged since step ${earlier.step}: the content read_file showed you then is still current.)`;
    }
    this.#reads.set(key, { digest, step, toolUseId });
    return null;
  }

  /** The conversation no longer holds these results (compaction cleared them): never point back to them. */
  forget(toolUseIds: Iterable<string>): void {
    const gone = new Set(toolUseIds);
    for (const [key, read] of this.#reads) if (gone.has(read.toolUseId)) this.#reads.delete(key);
  }

  forgetAll(): void {
    this.#reads.clear();
  }
}
