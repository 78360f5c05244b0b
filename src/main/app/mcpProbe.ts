// Lists the workspace's MCP servers with their status and tools by running the
// agent bundle's probe (agent-process/mcpProbe.ts) in a child process: the
// host never imports agent code, and the servers end with the probe. Workspace
// servers the user has not trusted are listed as such and never started.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeMcpTarget, MCP_DEFAULT_STARTUP_TIMEOUT_MS, type McpServerReport } from '../../shared/mcp.js';
import { scrubbedChildEnv } from '../launch/childEnv.js';
import { loadMcpServers, mcpToolCachePath } from '../store/extensionSettings.js';

function probeEntryPath(): string {
  const bundled = fileURLToPath(new URL('../../../agent/mcpProbe.js', import.meta.url));
  if (existsSync(bundled) && !process.env.OFFLOAD_AGENT_UNBUNDLED) return bundled;
  return fileURLToPath(new URL('../../agent-process/mcpProbe.js', import.meta.url));
}

export async function listMcpServers(home: string, workspace: string, env: Record<string, string | undefined>): Promise<McpServerReport[]> {
  const { config, untrusted } = await loadMcpServers(home, workspace);
  const untrustedReports: McpServerReport[] = untrusted.map((entry) => ({
    name: entry.name,
    source: entry.source,
    ...describeMcpTarget(entry.config),
    status: 'untrusted',
    error: `not started: servers of .offload/mcp.json run only when your settings trust them ("mcp": {"trustWorkspaceServers": ["${entry.name}"]})`,
    tools: [],
  }));
  if (config.servers.length === 0) return untrustedReports;
  const limitMs = (config.policy.startupTimeoutMs ?? MCP_DEFAULT_STARTUP_TIMEOUT_MS) + 10_000;
  const started = await new Promise<McpServerReport[]>((resolve, reject) => {
    const child = spawn(process.execPath, [probeEntryPath()], {
      env: { ...scrubbedChildEnv(env), ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`listing the MCP servers took longer than ${Math.round(limitMs / 1000)} s`));
    }, limitMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(stdout) as McpServerReport[]);
      } catch {
        reject(new Error(`the MCP probe ended (exit code ${code}) without a report${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`));
      }
    });
    // The probe remembers what each server lists, as an agent does: the next agent's first request carries those tools.
    child.stdin.end(JSON.stringify({ servers: config.servers, policy: config.policy, workspace, toolCacheFile: mcpToolCachePath(home) }));
  });
  return [...started, ...untrustedReports];
}
