// Helpers for the host server's tests: a small OffloadHost whose service keeps
// agents in memory (the server is under test here, not the supervisor), a
// temp renderer folder, and raw HTTP/WebSocket requests with full control of
// the Host, Origin and Cookie headers (fetch would not let us forge Host).

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { AgentRecord } from '../../src/shared/agent.js';
import type { OffloadEvents, OffloadService } from '../../src/shared/contract/offloadService.js';
import { RpcError } from '../../src/shared/rpc/envelope.js';
import type { HostEventListener, OffloadHost } from '../../src/main/app/host.js';

export function makeRecord(id: string, prompt: string): AgentRecord {
  return {
    id,
    name: `agent-${id}`,
    prompt,
    workspace: '/tmp/w',
    model: null,
    options: { approval: 'ask', scope: [], allowedCommands: [], webSearch: true, mode: 'background' },
    status: 'running',
    steps: 0,
    premiumRequests: 0,
    costUsd: 0,
    inputTokens: 0,
    outputTokens: 0,
    createdAt: new Date(0).toISOString(),
    startedAt: null,
    endedAt: null,
    elapsedMs: 0,
    runningMs: 0,
    runningSince: null,
    pid: null,
    pending: null,
    summary: { filesChanged: [], commandsRun: [], testsRun: [] },
    error: null,
    rateLimitedUntil: null,
    lastSeq: 0,
  };
}

export interface MemoryHost extends OffloadHost {
  /** Every call the service received, with the arguments it was given. */
  readonly calls: Array<{ method: string; params: unknown[] }>;
  emit<K extends keyof OffloadEvents & string>(name: K, data: OffloadEvents[K]): void;
}

export function createMemoryHost(workspace: string): MemoryHost {
  const listeners = new Set<HostEventListener>();
  const agents = new Map<string, AgentRecord>();
  const calls: MemoryHost['calls'] = [];
  let next = 1;
  const emit: MemoryHost['emit'] = (name, data) => {
    for (const l of listeners) l(name, data);
  };
  const service = {
    async getInfo() {
      calls.push({ method: 'getInfo', params: [] });
      return { workspace, version: '0.0.0-test', platform: process.platform, apiKey: { set: false, storage: 'none', hint: null }, runtime: 'node' };
    },
    async listAgents() {
      return [...agents.values()];
    },
    async getAgent(id: string) {
      calls.push({ method: 'getAgent', params: [id] });
      const record = agents.get(id);
      if (!record) throw new RpcError(`No agent "${id}" in this workspace.`, 'NOT_FOUND');
      return record;
    },
    async startAgents(request: { prompts: string[] }) {
      calls.push({ method: 'startAgents', params: [request] });
      return request.prompts.map((prompt) => {
        const record = makeRecord(`a${next++}`, prompt);
        agents.set(record.id, record);
        emit('onDidChangeAgent', record);
        return record;
      });
    },
    async approve(id: string, request?: { command?: string }) {
      calls.push({ method: 'approve', params: [id, request] });
    },
    async setApiKey(key: string | null) {
      calls.push({ method: 'setApiKey', params: [key === null ? null : '<key>'] });
      return { set: key !== null, storage: 'file', hint: null };
    },
    /** Not part of the contract: must not be callable from a page. */
    async _internal() {
      calls.push({ method: '_internal', params: [] });
    },
  } as unknown as OffloadService;
  return {
    service,
    workspace,
    calls,
    emit,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {},
  };
}

/** A renderer folder with a page, a hashed asset and a secret next to it (for traversal tests). */
export function makeStaticDir(): { root: string; staticDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'offload-static-'));
  const staticDir = join(root, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Offload</title><script type="module" src="/assets/app-1.js"></script>');
  writeFileSync(join(staticDir, 'assets', 'app-1.js'), 'console.log("offload")');
  writeFileSync(join(staticDir, 'assets', 'style-1.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET');
  return { root, staticDir };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function rawRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export type WsOutcome =
  | { kind: 'open'; socket: WebSocket }
  | { kind: 'refused'; status: number; body: string; headers: IncomingHttpHeaders };

/** Tries a WebSocket upgrade with exactly the given headers (no Origin unless given). */
export function tryWebSocket(port: number, path: string, headers: Record<string, string> = {}): Promise<WsOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: { host: `127.0.0.1:${port}`, ...headers } });
    socket.once('open', () => resolve({ kind: 'open', socket }));
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ kind: 'refused', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}
