// The tools each MCP server listed the last time an agent started it, kept in
// one file under Offload's home (the host names it in AgentInit). With it an
// agent's first model request carries the tools of a server that is still
// starting (an `npx` server takes seconds), instead of going without them or
// waiting; a call to one of them waits for its server. VS Code keeps the same
// kind of cache ("cached tools so we can show what's available before it's
// started": McpServerMetadataCache in microsoft/vscode,
// src/vs/workbench/contrib/mcp/common/mcpServer.ts, an LRU of 128 servers).
//
// A server is known by a hash of its name and whole configuration (command,
// args, env, url, headers): a changed configuration is a new server, and the
// file never holds an env value or a header. Several agents may write at once;
// each writes a whole new file and renames it over the old one, so a reader sees
// one or the other, and a lost update only costs one wait on a later start.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { McpServerEntry } from '../../shared/mcp.js';
import type { McpToolEntry } from './mcpManager.js';

/** Servers remembered at most; the ones listed longest ago go first. */
const MAX_SERVERS = 200;
const FILE_VERSION = 1;

interface CachedServer {
  listedAt: string;
  tools: McpToolEntry[];
}

interface CacheFile {
  version: number;
  servers: Record<string, CachedServer>;
}

function mcpServerKey(entry: McpServerEntry): string {
  return createHash('sha256').update(JSON.stringify([entry.name, entry.config])).digest('hex');
}

function readCache(file: string): CacheFile {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
    if (parsed?.version === FILE_VERSION && parsed.servers && typeof parsed.servers === 'object') return parsed as CacheFile;
  } catch {
    // missing or unreadable: no server is known yet
  }
  return { version: FILE_VERSION, servers: {} };
}

function isToolEntry(value: unknown, server: string): value is McpToolEntry {
  const t = value as McpToolEntry;
  return (
    typeof t === 'object' &&
    t !== null &&
    t.server === server &&
    typeof t.name === 'string' &&
    typeof t.tool === 'string' &&
    typeof t.description === 'string' &&
    typeof t.inputSchema === 'object' &&
    t.inputSchema !== null
  );
}

/** What the cache file says each server listed last time (servers it does not know are left out). */
export function readCachedTools(file: string, entries: McpServerEntry[]): Map<string, McpToolEntry[]> {
  const cache = readCache(file);
  const known = new Map<string, McpToolEntry[]>();
  for (const entry of entries) {
    const cached = cache.servers[mcpServerKey(entry)];
    // A file edited by hand or by a future version: only well-formed entries count.
    if (cached && Array.isArray(cached.tools) && cached.tools.every((t) => isToolEntry(t, entry.name))) known.set(entry.name, cached.tools);
  }
  return known;
}

/** Remembers what a server listed. Never throws: a cache that cannot be written only costs a wait. */
export function writeCachedTools(file: string, entry: McpServerEntry, tools: McpToolEntry[]): void {
  try {
    const cache = readCache(file);
    cache.servers[mcpServerKey(entry)] = { listedAt: new Date().toISOString(), tools };
    const keys = Object.keys(cache.servers);
    if (keys.length > MAX_SERVERS) {
      const oldest = keys.sort((a, b) => cache.servers[a]!.listedAt.localeCompare(cache.servers[b]!.listedAt)).slice(0, keys.length - MAX_SERVERS);
      for (const key of oldest) delete cache.servers[key];
    }
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(cache), { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // see above
  }
}

/** Whether two tool lists would give the model the same tools. */
export function sameTools(a: McpToolEntry[], b: McpToolEntry[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
