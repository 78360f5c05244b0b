// A cache of every agent's record in one workspace, so `offload list` does not
// re-read every full log. For each agent it keeps the record folded so far and
// how many bytes of the log that fold covers; a later call reads only what was
// appended since (logs only grow). A log that shrank (a torn tail cut away) or
// changed under the cache is folded again from the start. The cache lives in
// <stateDir>/index.json and is only ever a speed-up: deleting it is harmless.

import { open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentRecord } from '../../shared/agent.js';
import type { AgentEvent } from '../../shared/events.js';
import { applyEvent, emptyRecord, withElapsed } from '../../shared/reduceAgent.js';
import { parseLog, type AgentEventLog } from './eventLog.js';
import { agentLogPath } from './homePaths.js';

const INDEX_VERSION = 1;

interface IndexEntry {
  /** Bytes of the log folded into `record` (always the end of a complete line). */
  offset: number;
  /** The log's mtime when last folded: unchanged size and mtime mean nothing to read. */
  mtimeMs: number;
  /** Folded record without elapsedMs (that depends on when it is shown). */
  record: AgentRecord;
}

interface IndexFile {
  version: number;
  agents: Record<string, IndexEntry>;
}

export class AgentIndex {
  private readonly file: string;
  private entries: Record<string, IndexEntry> | null = null;
  private saving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly stateDir: string,
    private readonly log: AgentEventLog,
  ) {
    this.file = join(stateDir, 'index.json');
  }

  /** Every agent's record, newest first. */
  async list(now: Date = new Date()): Promise<AgentRecord[]> {
    const entries = await this.load();
    const ids = await this.log.listAgentIds();
    let changed = false;
    for (const id of ids) changed = (await this.refresh(id, entries)) || changed;
    for (const id of Object.keys(entries)) {
      if (!ids.includes(id)) {
        delete entries[id];
        changed = true;
      }
    }
    if (changed) await this.save(entries);
    return ids
      .map((id) => withElapsed(entries[id]!.record, now))
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
  }

  /** One agent's record, or null when it has no log. */
  async get(agentId: string, now: Date = new Date()): Promise<AgentRecord | null> {
    if (!(await this.log.has(agentId))) return null;
    const entries = await this.load();
    if (await this.refresh(agentId, entries)) await this.save(entries);
    return withElapsed(entries[agentId]!.record, now);
  }

  /** Brings one entry up to date with its log; true when it changed. */
  private async refresh(agentId: string, entries: Record<string, IndexEntry>): Promise<boolean> {
    const path = agentLogPath(this.stateDir, agentId);
    let info;
    try {
      info = await stat(path);
    } catch {
      return false;
    }
    const cached = entries[agentId];
    if (cached && info.size === cached.offset && info.mtimeMs === cached.mtimeMs) return false;
    const from = cached && info.size >= cached.offset ? cached.offset : 0;
    const appended = await readFrom(path, from, info.size);
    // Only complete lines: a line still being written is folded next time.
    const end = appended.lastIndexOf(0x0a) + 1;
    const { events } = parseLog(appended.subarray(0, end).toString('utf8'), path, () => {});
    let record = from === 0 ? emptyRecord(agentId) : cached!.record;
    record = foldAfter(record, events);
    entries[agentId] = { offset: from + end, mtimeMs: end === appended.length ? info.mtimeMs : -1, record };
    return true;
  }

  private async load(): Promise<Record<string, IndexEntry>> {
    if (this.entries) return this.entries;
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as IndexFile;
      this.entries = parsed.version === INDEX_VERSION && parsed.agents ? parsed.agents : {};
    } catch {
      this.entries = {};
    }
    return this.entries;
  }

  private save(entries: Record<string, IndexEntry>): Promise<void> {
    const next = this.saving.catch(() => undefined).then(async () => {
      const temp = `${this.file}.${process.pid}.tmp`;
      const body: IndexFile = { version: INDEX_VERSION, agents: entries };
      await writeFile(temp, JSON.stringify(body));
      await rename(temp, this.file);
    });
    this.saving = next.catch(() => undefined);
    // A cache that cannot be written only costs speed.
    return next.catch(() => undefined);
  }
}

/** Folds events whose seq is past what the record has (a re-read never counts an event twice). */
function foldAfter(record: AgentRecord, events: AgentEvent[]): AgentRecord {
  let next = record;
  for (const event of events) if (event.seq > next.lastSeq) next = applyEvent(next, event);
  return next;
}

async function readFrom(path: string, from: number, to: number): Promise<Buffer> {
  const length = Math.max(0, to - from);
  const buffer = Buffer.alloc(length);
  if (length === 0) return buffer;
  const handle = await open(path, 'r');
  try {
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(buffer, read, length - read, from + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return buffer.subarray(0, read);
  } finally {
    await handle.close();
  }
}
