import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The agent process entry. The build bundles the agent (scripts/bundleAgent.mjs)
 * into dist/agent/main.cjs + agent.cjs: Node then loads two files instead of ~300
 * (most of them the SDK's), which is most of an agent's start time. The plain
 * tsc output, dist/src/agent-process/main.js, is the fallback (e.g. while
 * developing with only `tsc` run).
 */
export function agentEntryPath(): string {
  const bundled = fileURLToPath(new URL('../../../agent/main.cjs', import.meta.url));
  if (existsSync(bundled) && !process.env.OFFLOAD_AGENT_UNBUNDLED) return bundled;
  return fileURLToPath(new URL('../../agent-process/main.js', import.meta.url));
}
