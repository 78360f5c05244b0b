import { fileURLToPath } from 'node:url';

/** The compiled agent process entry: dist/src/agent-process/main.js. */
export function agentEntryPath(): string {
  return fileURLToPath(new URL('../../agent-process/main.js', import.meta.url));
}
