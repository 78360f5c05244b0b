// The agent's MCP servers, through the official @modelcontextprotocol/sdk
// client: every server starts at once (in parallel), each within its start-up
// time-out; the tools of those that answer sit beside the agent's own as
// mcp__SERVER__TOOL. A server that fails to start, hangs or crashes becomes a
// clear error in the stream and the agent goes on without it. Stdio servers are
// children of the agent process (the SDK spawns them with only a safe base
// environment plus their configured `env`) and end with it; their stderr is
// kept in the agent's log for the person, never shown to the model.
//
// MCP spec, lifecycle and stdio transport:
// https://modelcontextprotocol.io/specification/2025-06-18/basic/lifecycle
// https://modelcontextprotocol.io/specification/2025-06-18/basic/transports

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { AgentEmittedEvent } from '../../shared/contract/agentHost.js';
import {
  MCP_DEFAULT_CALL_TIMEOUT_MS,
  MCP_DEFAULT_STARTUP_TIMEOUT_MS,
  mcpToolName,
  type McpPolicy,
  type McpServerEntry,
  type McpServerReport,
  describeMcpTarget,
} from '../../shared/mcp.js';
import { mcpResultText } from './mcpResults.js';
import { fallsBackToSse, remoteTransport } from './mcpTransports.js';

/** One MCP tool as the model sees it. */
export interface McpToolEntry {
  /** mcp__SERVER__TOOL */
  name: string;
  server: string;
  /** The server's own name for it. */
  tool: string;
  description: string;
  inputSchema: Record<string, unknown>;
  readOnly: boolean | undefined;
  title?: string;
}

/** Kept per server: the tail of its stderr for `offload mcp list` and Settings. */
const STDERR_TAIL_CHARS = 4000;
/** At most this much of a server's stderr goes into the agent's log. */
const STDERR_LOG_CAP = 64 * 1024;
const STDERR_FLUSH_MS = 200;

interface Connection {
  entry: McpServerEntry;
  client: Client | null;
  transport: Transport | null;
  /** The stdio server's pid, once known. */
  pid: number | null;
  status: 'starting' | 'connected' | 'failed';
  error?: string;
  tools: McpToolEntry[];
  stderrTail: string;
  stderrLogged: number;
  stderrPending: string;
  stderrTimer: NodeJS.Timeout | null;
  /** Set once the server's connection closed while we still wanted it. */
  exited: boolean;
  /** What the server listed when an agent last started it (mcpToolCache.ts): offered while it starts. */
  cached: McpToolEntry[] | null;
  /** Settles when the server has connected or failed. */
  settled: Promise<void> | null;
}

export interface McpManagerOptions {
  servers: McpServerEntry[];
  policy: McpPolicy;
  workspace: string;
  /** Events for the agent's log (errors, notices, stderr). */
  emit?: (event: AgentEmittedEvent) => void;
  /** The environment stdio servers start from (the SDK's safe default when absent). */
  baseEnv?: Record<string, string>;
  /** Per server name, the tools it listed last time (mcpToolCache.ts). */
  cachedTools?: Map<string, McpToolEntry[]>;
  /** Called with what a server lists once it has connected (to keep for next time). */
  onListed?: (entry: McpServerEntry, tools: McpToolEntry[]) => void;
}

export class McpManager {
  private readonly connections: Connection[];
  private closing = false;
  private started: Promise<void> | null = null;

  constructor(private readonly options: McpManagerOptions) {
    this.connections = options.servers.map((entry) => ({
      entry,
      client: null,
      transport: null,
      pid: null,
      status: 'starting',
      tools: [],
      stderrTail: '',
      stderrLogged: 0,
      stderrPending: '',
      stderrTimer: null,
      exited: false,
      cached: options.cachedTools?.get(entry.name) ?? null,
      settled: null,
    }));
  }

  get startupTimeoutMs(): number {
    return this.options.policy.startupTimeoutMs ?? MCP_DEFAULT_STARTUP_TIMEOUT_MS;
  }

  get callTimeoutMs(): number {
    return this.options.policy.callTimeoutMs ?? MCP_DEFAULT_CALL_TIMEOUT_MS;
  }

  /** Starts every server at once; resolves when each has connected or failed (never rejects). */
  start(): Promise<void> {
    this.started ??= Promise.all(this.connections.map((c) => (c.settled = this.connect(c)))).then(() => undefined);
    return this.started;
  }

  /**
   * The tools to offer the model: those of the servers that are up, and for a
   * server still starting, what it listed last time (a call to one waits for it).
   */
  tools(): McpToolEntry[] {
    return this.connections.flatMap((c) => {
      if (c.status === 'connected' && !c.exited) return c.tools;
      return c.status === 'starting' && c.cached ? c.cached : [];
    });
  }

  /** Servers that have neither connected nor failed yet. */
  startingServers(): string[] {
    return this.connections.filter((c) => c.status === 'starting').map((c) => c.entry.name);
  }

  /** Settles once every server's tools are known: it connected or failed, or it is remembered from an earlier start. */
  toolsKnown(): Promise<void> {
    const unknown = this.connections.filter((c) => !c.cached);
    if (unknown.length > 0) void this.start();
    return Promise.all(unknown.map((c) => c.settled)).then(() => undefined);
  }

  /** Servers still starting whose tools are not known from an earlier start either. */
  startingServersWithoutTools(): string[] {
    return this.connections.filter((c) => c.status === 'starting' && !c.cached).map((c) => c.entry.name);
  }

  /** A tool offered now: of a server that is up (a crashed server's tools are gone), or remembered of one starting. */
  findTool(name: string): McpToolEntry | undefined {
    return this.tools().find((t) => t.name === name);
  }

  /**
   * The tool as its running server lists it. A remembered tool of a server still
   * starting waits for that server: the call, and its approval (which reads the
   * tool's read-only hint), go by what the server says now, not by the cache.
   */
  async liveTool(name: string): Promise<McpToolEntry | undefined> {
    const offered = this.findTool(name);
    const c = offered && this.connections.find((x) => x.entry.name === offered.server);
    if (c?.status === 'starting') {
      void this.start();
      await c.settled;
    }
    if (!c || c.status !== 'connected' || c.exited) return undefined;
    return c.tools.find((t) => t.name === name);
  }

  /** Status and tools of every server (for `offload mcp list`). */
  reports(): McpServerReport[] {
    return this.connections.map((c) => {
      const { transport, target } = describeMcpTarget(c.entry.config);
      const failed = c.status !== 'connected' || c.exited;
      return {
        name: c.entry.name,
        source: c.entry.source,
        transport,
        target,
        status: failed ? 'failed' : 'connected',
        ...(failed ? { error: c.error ?? 'the server did not answer' } : {}),
        tools: c.tools.map((t) => ({
          name: t.name,
          ...(t.title ? { title: t.title } : {}),
          ...(t.description ? { description: t.description } : {}),
          ...(t.readOnly !== undefined ? { readOnly: t.readOnly } : {}),
        })),
        ...(c.stderrTail ? { stderr: c.stderrTail } : {}),
      };
    });
  }

  /** Pids of the stdio servers still running (children of this process). */
  get pids(): number[] {
    return this.connections.flatMap((c) => (c.pid !== null && !c.exited ? [c.pid] : []));
  }

  /**
   * Calls a tool. Never throws for the server's failures: the model gets an
   * error result it can act on, and the stream says what happened.
   */
  async call(tool: McpToolEntry, input: unknown, signal: AbortSignal): Promise<{ ok: boolean; content: string }> {
    const c = this.connections.find((x) => x.entry.name === tool.server);
    if (!c || !c.client || c.status !== 'connected' || c.exited) {
      return { ok: false, content: `The MCP server "${tool.server}" is not running (${c?.error ?? 'it stopped'}); its tools cannot be called now.` };
    }
    try {
      const result = await c.client.callTool(
        { name: tool.tool, arguments: (input ?? {}) as Record<string, unknown> },
        undefined,
        { timeout: this.callTimeoutMs, signal },
      );
      return mcpResultText(result as Parameters<typeof mcpResultText>[0]);
    } catch (error) {
      if (signal.aborted) throw error;
      const message = this.describeCallFailure(c, error);
      this.options.emit?.({ type: 'error', message: `MCP tool ${tool.name} failed: ${message}` });
      return { ok: false, content: `${tool.name} failed: ${message}` };
    }
  }

  /**
   * Closes every server: stdin first, then SIGTERM (the SDK's shutdown order);
   * what is still running after a short grace gets SIGKILL, so no server
   * outlives its agent, even one that ignores both.
   */
  async close(graceMs = 1_500): Promise<void> {
    this.closing = true;
    const closing = Promise.all(
      this.connections.map(async (c) => {
        this.flushStderr(c);
        if (c.stderrTimer) clearTimeout(c.stderrTimer);
        try {
          await c.client?.close();
        } catch {
          // already gone
        }
        try {
          await c.transport?.close();
        } catch {
          // already gone
        }
      }),
    );
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    this.killNow();
    // stderr read while the servers were closing (a pipe can deliver it after stdout's last answer) is kept too.
    for (const c of this.connections) this.flushStderr(c);
  }

  /** Synchronous last resort ('exit' handlers cannot wait): SIGKILL to every stdio server. */
  killNow(): void {
    this.closing = true;
    for (const pid of this.pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }

  // ---- connecting ----

  private async connect(c: Connection): Promise<void> {
    const { name } = c.entry;
    const started = Date.now();
    const timeoutMs = this.startupTimeoutMs;
    let timer: NodeJS.Timeout | null = null;
    try {
      const attempt = this.open(c);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`it did not answer within ${Math.round(timeoutMs / 100) / 10} s`)), timeoutMs);
        timer.unref?.();
      });
      await Promise.race([attempt, timeout]);
      c.status = 'connected';
      this.options.onListed?.(c.entry, c.tools);
      const count = c.tools.length;
      this.options.emit?.({
        type: 'notice',
        message: `MCP server "${name}" connected in ${Date.now() - started} ms with ${count} tool${count === 1 ? '' : 's'}${count ? `: ${c.tools.map((t) => t.name).join(', ')}` : ''}.`,
      });
    } catch (error) {
      c.status = 'failed';
      c.error = `${(error as Error).message ?? String(error)}${this.stderrHint(c)}`;
      c.tools = [];
      this.options.emit?.({ type: 'error', message: `MCP server "${name}" could not start: ${c.error}. The agent goes on without its tools.` });
      // A half-started server must not linger.
      void c.transport?.close().catch(() => undefined);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private async open(c: Connection): Promise<void> {
    const [{ Client }, transport] = await Promise.all([import('@modelcontextprotocol/sdk/client/index.js'), this.createTransport(c)]);
    const attach = (t: Transport) => {
      const client = new Client({ name: 'offload', version: '0.1.0' });
      c.client = client;
      c.transport = t;
      c.exited = false;
      // Only the transport in use counts: the failed first attempt's closing must not end the fallback's.
      t.onclose = () => {
        if (c.transport === t) this.onClosed(c);
      };
      return client;
    };
    let client = attach(transport);
    try {
      await client.connect(transport, { timeout: this.startupTimeoutMs });
    } catch (error) {
      const config = c.entry.config;
      if ('command' in config || !fallsBackToSse(config, error)) throw error;
      // Not streamable HTTP: the older HTTP+SSE transport, as the spec's backwards compatibility asks.
      transport.onclose = undefined;
      await transport.close().catch(() => undefined);
      const sse = await remoteTransport(config, 'sse');
      client = attach(sse);
      try {
        await client.connect(sse, { timeout: this.startupTimeoutMs });
      } catch (sseError) {
        throw new Error(`streamable HTTP: ${(error as Error).message}; HTTP+SSE: ${(sseError as Error).message}`);
      }
      this.options.emit?.({ type: 'notice', message: `MCP server "${c.entry.name}" does not speak streamable HTTP; it is reached over the older HTTP+SSE transport.` });
    }
    const tools: McpToolEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: this.startupTimeoutMs });
      for (const t of page.tools) {
        tools.push({
          name: mcpToolName(c.entry.name, t.name),
          server: c.entry.name,
          tool: t.name,
          description: t.description ?? t.title ?? t.annotations?.title ?? '',
          inputSchema: (t.inputSchema as Record<string, unknown>) ?? { type: 'object', properties: {} },
          readOnly: t.annotations?.readOnlyHint,
          ...(t.title ? { title: t.title } : {}),
        });
      }
      cursor = page.nextCursor;
    } while (cursor && tools.length < 1000);
    c.tools = tools;
  }

  private async createTransport(c: Connection): Promise<Transport> {
    const config = c.entry.config;
    if ('command' in config) {
      const { StdioClientTransport, getDefaultEnvironment } = await import('@modelcontextprotocol/sdk/client/stdio.js');
      const stdio = new StdioClientTransport({
        command: config.command,
        args: config.args ?? [],
        // Only a safe base (HOME, PATH, ...) and the server's own `env`: never the agent's secrets.
        env: { ...(this.options.baseEnv ?? getDefaultEnvironment()), ...(config.env ?? {}) },
        cwd: config.cwd ?? this.options.workspace,
        stderr: 'pipe',
      });
      stdio.stderr?.on('data', (chunk: Buffer) => this.onStderr(c, chunk.toString('utf8')));
      // The pid is kept from the moment the process exists: a server that never
      // answers `initialize` must still be killed when the agent ends.
      const start = stdio.start.bind(stdio);
      stdio.start = async () => {
        await start();
        c.pid = stdio.pid;
      };
      return stdio;
    }
    return remoteTransport(config);
  }

  private onClosed(c: Connection): void {
    const wasRunning = !c.exited;
    c.exited = true;
    if (this.closing || !wasRunning) return;
    this.flushStderr(c);
    if (c.status === 'connected') {
      c.error = `the server's connection closed (it exited or crashed)${this.stderrHint(c)}`;
      this.options.emit?.({
        type: 'error',
        message: `MCP server "${c.entry.name}" stopped: ${c.error}. The agent goes on without its tools.`,
      });
    }
  }

  private describeCallFailure(c: Connection, error: unknown): string {
    const err = error as { code?: number; message?: string };
    // -32001: the SDK's RequestTimeout; -32000: ConnectionClosed.
    if (err.code === -32001) return `the server "${c.entry.name}" did not answer within ${Math.round(this.callTimeoutMs / 100) / 10} s (time-out)`;
    if (c.exited || err.code === -32000) {
      c.exited = true;
      return `the server "${c.entry.name}" exited during the call${this.stderrHint(c)}`;
    }
    return err.message ?? String(error);
  }

  /** " (stderr: last line)" when the server said something before failing. */
  private stderrHint(c: Connection): string {
    const last = c.stderrTail.trim().split('\n').filter(Boolean).pop();
    return last ? ` (its stderr: ${last.slice(0, 300)})` : '';
  }

  // ---- stderr ----

  private onStderr(c: Connection, text: string): void {
    c.stderrTail = (c.stderrTail + text).slice(-STDERR_TAIL_CHARS);
    if (c.stderrLogged >= STDERR_LOG_CAP) return;
    const room = STDERR_LOG_CAP - c.stderrLogged - c.stderrPending.length;
    c.stderrPending += text.slice(0, Math.max(0, room));
    // Whole lines go to the log at once (a pause or the end may come before a timer would);
    // a partial line waits briefly for the rest. The agent's event batching groups bursts.
    if (c.stderrPending.includes('\n')) this.flushStderr(c);
    else c.stderrTimer ??= setTimeout(() => this.flushStderr(c), STDERR_FLUSH_MS);
  }

  private flushStderr(c: Connection): void {
    if (c.stderrTimer) clearTimeout(c.stderrTimer);
    c.stderrTimer = null;
    if (!c.stderrPending) return;
    c.stderrLogged += c.stderrPending.length;
    this.options.emit?.({ type: 'mcp_stderr', server: c.entry.name, text: c.stderrPending });
    c.stderrPending = '';
  }
}
