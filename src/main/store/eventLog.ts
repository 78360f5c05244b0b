// Every agent's events, one append-only JSON Lines file per agent: the only
// truth about an agent (its record, stream and conversation are folds of it).
//
// Durability rules:
// - One event is one line, and a batch of lines (one agent's events of one
//   tick) is written by one write call, so a crash leaves at most one torn
//   line, at the end. It is cut away (on disk) the next time the log is
//   opened for writing, or read by its owner; it is never fatal.
// - A corrupt line in the middle (disk trouble, a hand edit) is skipped with a
//   process warning; the events around it still count.
// - One process drives an agent at a time: lock() takes a lock file holding the
//   owner's pid; a lock whose pid is gone is taken over.

import { randomBytes } from 'node:crypto';
import { constants as fsConstants, writeSync } from 'node:fs';
import { access, link, mkdir, open, readdir, readFile, stat, statfs, truncate, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { AGENT_EVENT_TYPES, EVENT_LOG_VERSION, type AgentEvent, type AgentEventBody } from '../../shared/events.js';

const KNOWN_TYPES = new Set<string>(AGENT_EVENT_TYPES);
import { agentDir, agentLockPath, agentLogPath, agentsDir, isValidAgentId } from './homePaths.js';
import { storageError } from './storageErrors.js';
import type { AgentRecord } from '../../shared/agent.js';
import { applyEvent, reduceAgent } from '../../shared/reduceAgent.js';
import { readSummary, writeSummary } from './agentSummaries.js';

export { newAgentId } from './agentId.js';

export class AgentBusyError extends Error {
  readonly code = 'AGENT_BUSY';
  constructor(
    readonly agentId: string,
    readonly pid: number,
  ) {
    super(
      `Agent ${agentId} is already being run by another Offload process (pid ${pid}). ` +
        `Wait for it to stop or stop it (kill ${pid}), then try again.`,
    );
    this.name = 'AgentBusyError';
  }
}

export interface AgentEventLogOptions {
  /** Where notices about skipped corrupt lines go (default: a process warning). */
  onWarning?: (message: string) => void;
  /**
   * Keep a summary of each agent's record beside its log (agentSummaries.ts),
   * made by this release: readRecord() then reads it instead of folding the
   * whole log. Without it, readRecord() folds the log every time.
   */
  summaries?: { release: string };
}

/** A summary is rewritten by a reader once this many bytes of log were folded past it. */
const SUMMARY_REWRITE_BYTES = 16 * 1024;

interface LockContent {
  pid: number;
  hostname: string;
  token: string;
  since: string;
}

/** What this process knows about a log it writes to. */
interface Writer {
  handle: FileHandle;
  lastSeq: number;
  /** The open file (device and inode), to tell it from what the path names now. */
  dev: number;
  ino: number;
  /** When the path was last seen to still name the open file, writable (Date.now()). */
  checkedAt: number;
  /** Until when (Date.now()) appends go through the thread pool: a write was slow (a stalled disk). */
  asyncUntil: number;
}

/**
 * Appends are written synchronously: a batch of lines appended to the page
 * cache takes tens of microseconds, while a trip through libuv's thread pool
 * and back costs 0.2-0.6 ms on a busy 2-core machine, four times per agent
 * step (bench/supervisorOverhead). Neither waits for the disk (no fsync), so
 * what survives a crash is the same. A write that took longer than this (a
 * stalled disk holding the host's event loop) sends the agent's appends
 * through the thread pool for a while, so a slow disk never freezes the host.
 * Not lower: on a loaded 2-core machine the host is preempted for 10-20 ms
 * in the middle of a write now and then, and that is not the disk.
 */
const SLOW_SYNC_WRITE_MS = 50;
const ASYNC_AFTER_SLOW_WRITE_MS = 10_000;

/**
 * How often an append checks that the log's path still names the open file
 * and can be written. An open handle goes on writing after its folder is
 * deleted, unmounted or remounted read-only, into a file nobody will read
 * again: without this check such an agent would run on and "complete" with
 * its events lost (issue 13). A stat and an access every half second cost nothing.
 */
const STILL_THERE_CHECK_MS = 500;

/** Locks held by this process, across every AgentEventLog instance (keyed by lock path). */
const heldLocks = new Map<string, string>();

export class AgentEventLog {
  private readonly writers = new Map<string, Writer>();
  /** Per-agent chain of pending appends, so seqs are assigned and written in order. */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Agents whose lock this instance holds. */
  private readonly owned = new Set<string>();
  /** Agents whose last append found the disk full: the next ones write only when the line fits whole. */
  private readonly diskFull = new Set<string>();
  /** Agents whose log (or its folder) was found gone: never made again by an append, only written if back. */
  private readonly gone = new Set<string>();
  private readonly onWarning: (message: string) => void;
  private readonly summaryRelease: string | null;
  /** The last summary read or written per agent: a log unchanged since (same size and mtime) is not read again. */
  private readonly knownRecords = new Map<string, { logBytes: number; logMtimeMs: number; record: AgentRecord }>();

  constructor(
    private readonly workspaceStateDir: string,
    options: AgentEventLogOptions = {},
  ) {
    this.onWarning = options.onWarning ?? ((message) => process.emitWarning(message, 'OffloadLogWarning'));
    this.summaryRelease = options.summaries?.release ?? null;
  }

  /** Ids of every agent with a log in this workspace, oldest first (ids sort by creation time). */
  async listAgentIds(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(agentsDir(this.workspaceStateDir));
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
    // Checked at once, not one after another: a workspace may have hundreds of agents in its history.
    const candidates = names.filter(isValidAgentId).sort();
    const hasLog = await Promise.all(
      candidates.map((name) =>
        stat(agentLogPath(this.workspaceStateDir, name)).then(
          (s) => s.isFile(),
          // A folder without a log (created, then the process died before the first event): not an agent.
          () => false,
        ),
      ),
    );
    return candidates.filter((_, i) => hasLog[i]);
  }

  /**
   * Reads an agent's events. A torn last line is left out, and cut from the
   * file when no other live process owns the agent (it may be mid-write).
   * A corrupt middle line is skipped with a warning. A missing log reads as [].
   */
  async read(agentId: string): Promise<AgentEvent[]> {
    return (await this.readAndRepair(agentId, this.onWarning)).events;
  }

  /**
   * The agent's record (the fold of its log), from its summary when there is
   * a valid one: only the events appended after it are read (agentSummaries.ts).
   */
  async readRecord(agentId: string): Promise<AgentRecord> {
    const release = this.summaryRelease;
    if (release === null) return reduceAgent(agentId, await this.read(agentId));
    await this.queues.get(agentId);
    const path = agentLogPath(this.workspaceStateDir, agentId);
    let logStat;
    try {
      logStat = await stat(path);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return reduceAgent(agentId, []);
      throw error;
    }
    const known = this.knownRecords.get(agentId);
    if (known && known.logBytes === logStat.size && known.logMtimeMs === logStat.mtimeMs) return known.record;
    const summary = await readSummary(this.workspaceStateDir, agentId, release);
    if (summary && summary.logBytes === logStat.size && summary.logMtimeMs === logStat.mtimeMs) {
      this.knownRecords.set(agentId, summary);
      return summary.record;
    }
    if (summary && summary.logBytes < logStat.size) {
      const tail = await readTail(path, summary.logBytes);
      const parsed = tail === null ? null : parseLog(tail.text, path, this.onWarning);
      // The new events must continue the summary's: else the log was rewritten, and is folded whole.
      if (tail && parsed && (parsed.events.length === 0 || parsed.events[0]!.seq === summary.record.lastSeq + 1)) {
        const record = parsed.events.reduce(applyEvent, summary.record);
        const foldedBytes = tail.bytes - parsed.tornBytes;
        if (foldedBytes >= SUMMARY_REWRITE_BYTES) {
          const logBytes = summary.logBytes + foldedBytes;
          await this.keepSummary(agentId, { release, logBytes, logMtimeMs: tail.sizeAfter === logBytes ? tail.mtimeMs : -1, record });
        }
        return record;
      }
    }
    const read = await this.readAndRepair(agentId, this.onWarning);
    const record = reduceAgent(agentId, read.events);
    await this.keepSummary(agentId, { release, logBytes: read.wholeBytes, logMtimeMs: read.mtimeMs, record });
    return record;
  }

  /**
   * Stores the record of an agent this process drives as its summary (before
   * its lock is released: nobody else appends meanwhile). `record` must be
   * the fold of every event appended so far.
   */
  async saveRecord(agentId: string, record: AgentRecord): Promise<void> {
    const release = this.summaryRelease;
    if (release === null || !this.owned.has(agentId)) return;
    await this.queues.get(agentId);
    const writer = this.writers.get(agentId);
    if (writer && writer.lastSeq !== record.lastSeq) return; // not the fold of what is on disk: leave the old one
    try {
      const { size, mtimeMs } = await stat(agentLogPath(this.workspaceStateDir, agentId));
      await this.keepSummary(agentId, { release, logBytes: size, logMtimeMs: mtimeMs, record });
    } catch {
      // no log (yet): nothing to summarise
    }
  }

  private async keepSummary(agentId: string, summary: { release: string; logBytes: number; logMtimeMs: number; record: AgentRecord }): Promise<void> {
    this.knownRecords.set(agentId, summary);
    await writeSummary(this.workspaceStateDir, agentId, summary);
  }

  private async readAndRepair(
    agentId: string,
    onWarning: (message: string) => void,
  ): Promise<{ events: AgentEvent[]; wholeBytes: number; mtimeMs: number }> {
    const path = agentLogPath(this.workspaceStateDir, agentId);
    // Appends queued before this read land before it reads.
    await this.queues.get(agentId);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return { events: [], wholeBytes: 0, mtimeMs: -1 };
      throw error;
    }
    const parsed = parseLog(text, path, onWarning);
    const bytes = Buffer.byteLength(text, 'utf8');
    const wholeBytes = bytes - parsed.tornBytes;
    if (parsed.tornBytes > 0 && (await this.mayRepair(agentId))) await this.repair(agentId, wholeBytes);
    // The mtime belongs to what was read only if nothing was appended (or cut) since: else no exact match is claimed.
    const after = await stat(path).catch(() => null);
    const mtimeMs = after && after.size === wholeBytes ? after.mtimeMs : -1;
    return { events: parsed.events, wholeBytes, mtimeMs };
  }

  /**
   * Appends: assigns seq (last+1) and time (if absent); one JSON object per
   * line, written with a single write on a kept-open handle; returns the full
   * event. Serialised per agent.
   */
  async append(agentId: string, body: AgentEventBody, time?: string): Promise<AgentEvent> {
    const [event] = await this.appendMany(agentId, [body], time);
    return event!;
  }

  /**
   * Appends several events with one write (an agent's events of one tick):
   * the same as that many append() calls, in order, for one system call.
   */
  appendMany(agentId: string, bodies: readonly AgentEventBody[], time?: string): Promise<AgentEvent[]> {
    const previous = this.queues.get(agentId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.appendNow(agentId, bodies, time));
    const settled = next.catch(() => undefined);
    this.queues.set(agentId, settled);
    void settled.then(() => {
      if (this.queues.get(agentId) === settled) this.queues.delete(agentId);
    });
    return next;
  }

  /**
   * Exclusive ownership of an agent by this process; throws AgentBusyError
   * (code 'AGENT_BUSY', naming the pid holding it) if another live process
   * holds it. Stale locks (dead pid) are taken over. Returns a release function.
   */
  async lock(agentId: string): Promise<() => Promise<void>> {
    const dir = agentDir(this.workspaceStateDir, agentId);
    const path = agentLockPath(this.workspaceStateDir, agentId);
    if (heldLocks.has(path)) throw new AgentBusyError(agentId, process.pid);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const mine: LockContent = { pid: process.pid, hostname: hostname(), token: randomBytes(8).toString('hex'), since: new Date().toISOString() };
    // Written whole to a private file, then linked into place: link fails
    // atomically if a lock exists, and a lock file is never seen half-written.
    const temp = `${path}.${mine.token}.tmp`;
    await writeFile(temp, JSON.stringify(mine) + '\n', { mode: 0o600 });
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await link(temp, path);
          break;
        } catch (error) {
          if (!isErrno(error, 'EEXIST') || attempt >= 5) throw error;
        }
        const holder = await readLock(path);
        if (holder && isAlive(holder) && !heldLocks.has(path)) {
          // Our own pid in a lock this process does not hold is a leftover of an earlier process that had our pid.
          if (holder.pid !== process.pid) throw new AgentBusyError(agentId, holder.pid);
        }
        // Stale (dead pid, or unreadable): remove it if it is still the same file, then try again.
        await removeIfUnchanged(path, holder);
      }
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    heldLocks.set(path, mine.token);
    this.owned.add(agentId);
    // Now that we own it, a torn tail left by the crash that freed it can go.
    await this.readAndRepair(agentId, () => {});

    let released = false;
    return async () => {
      if (released) return;
      released = true;
      await this.queues.get(agentId);
      await this.closeWriter(agentId);
      this.owned.delete(agentId);
      heldLocks.delete(path);
      const holder = await readLock(path);
      if (holder?.token === mine.token) await unlink(path).catch(() => undefined);
    };
  }

  /** Closes every open log handle (appends reopen them). */
  async close(): Promise<void> {
    await Promise.all([...this.queues.values()]);
    await Promise.all([...this.writers.keys()].map((id) => this.closeWriter(id)));
  }

  private async appendNow(agentId: string, bodies: readonly AgentEventBody[], time: string | undefined): Promise<AgentEvent[]> {
    const writer = await this.writerFor(agentId).catch((error) => {
      throw storageError(error, `agent ${agentId}'s log`);
    });
    const stamp = time ?? new Date().toISOString();
    const events = bodies.map((body, i) => ({ v: EVENT_LOG_VERSION, ...body, agentId, time: stamp, seq: writer.lastSeq + 1 + i }) as AgentEvent);
    const bytes = Buffer.from(events.map((event) => JSON.stringify(event) + '\n').join(''), 'utf8');
    // One write call per batch; loop only for the rare short write.
    let offset = 0;
    try {
      // Also at every end and change of status: a short run must not complete into a log nobody will read.
      const settles = bodies.some((body) => body.type === 'finished' || body.type === 'status');
      if (settles || Date.now() - writer.checkedAt >= STILL_THERE_CHECK_MS) await this.assertStillThere(agentId, writer);
      if (this.diskFull.has(agentId)) await this.assertRoomFor(agentId, bytes.length);
      while (offset < bytes.length) offset += await writeSome(writer, bytes, offset);
    } catch (error) {
      await this.undoPartialLine(agentId, writer, offset);
      if (isErrno(error, 'ENOSPC') || isErrno(error, 'EDQUOT')) this.diskFull.add(agentId);
      throw storageError(error, `agent ${agentId}'s log`);
    }
    this.diskFull.delete(agentId);
    if (events.length > 0) writer.lastSeq = events.at(-1)!.seq;
    return events;
  }

  /**
   * The log's path still names the open file, and its file system is still
   * writable; else the handle is dropped and the append fails with ENOENT
   * (deleted, unmounted) or EROFS (remounted or mounted over read-only).
   */
  private async assertStillThere(agentId: string, writer: Writer): Promise<void> {
    const path = agentLogPath(this.workspaceStateDir, agentId);
    let problem: string | null = null;
    try {
      const now = await stat(path);
      if (now.dev !== writer.dev || now.ino !== writer.ino) problem = 'ENOENT';
      else await access(path, fsConstants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problem = code === 'ENOTDIR' ? 'ENOENT' : code ?? 'EIO';
    }
    if (!problem) {
      writer.checkedAt = Date.now();
      return;
    }
    if (problem === 'ENOENT') this.gone.add(agentId);
    await this.closeWriter(agentId);
    throw Object.assign(new Error(`the log ${path} cannot be written (${problem})`), { code: problem });
  }

  /** After a full disk: refuse (ENOSPC) a line that would not fit whole, rather than write part of it. */
  private async assertRoomFor(agentId: string, bytes: number): Promise<void> {
    const fsStats = await statfs(agentDir(this.workspaceStateDir, agentId));
    if (fsStats.bavail * fsStats.bsize >= bytes + 64 * 1024) return;
    throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
  }

  /**
   * A write that failed part-way (a full disk) left part of a line: cut it, so
   * the log stays whole lines and the next event does not glue onto it. If
   * that fails too, the handle is dropped and the next open cuts the torn tail.
   */
  private async undoPartialLine(agentId: string, writer: Writer, written: number): Promise<void> {
    if (written === 0) return;
    try {
      const { size } = await writer.handle.stat();
      await writer.handle.truncate(size - written);
    } catch {
      await this.closeWriter(agentId);
    }
  }

  private async writerFor(agentId: string): Promise<Writer> {
    const existing = this.writers.get(agentId);
    if (existing) return existing;
    const path = agentLogPath(this.workspaceStateDir, agentId);
    // A log found gone is written again only if it is back (its folder restored), never made anew.
    if (this.gone.has(agentId)) await stat(path);
    await mkdir(agentDir(this.workspaceStateDir, agentId), { recursive: true, mode: 0o700 });
    let lastSeq = 0;
    let needsNewline = false;
    try {
      const text = await readFile(path, 'utf8');
      const parsed = parseLog(text, path, this.onWarning);
      // Appending after a torn line would glue the next event to it: cut it first.
      if (parsed.tornBytes > 0) await truncate(path, Buffer.byteLength(text, 'utf8') - parsed.tornBytes);
      needsNewline = parsed.tornBytes === 0 && text.length > 0 && !text.endsWith('\n');
      lastSeq = parsed.events.reduce((max, e) => Math.max(max, typeof e.seq === 'number' ? e.seq : 0), 0);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
    const handle = await open(path, fsConstants.O_WRONLY | fsConstants.O_APPEND | fsConstants.O_CREAT, 0o600);
    // A whole last event whose newline never made it to disk: end its line before the next.
    if (needsNewline) await handle.write('\n');
    const opened = await handle.stat();
    const writer: Writer = { handle, lastSeq, dev: opened.dev, ino: opened.ino, checkedAt: Date.now(), asyncUntil: 0 };
    this.writers.set(agentId, writer);
    return writer;
  }

  private async closeWriter(agentId: string): Promise<void> {
    const writer = this.writers.get(agentId);
    if (!writer) return;
    this.writers.delete(agentId);
    await writer.handle.close().catch(() => undefined);
  }

  /** A torn tail may be cut only when no other live process could be writing it right now. */
  private async mayRepair(agentId: string): Promise<boolean> {
    const path = agentLockPath(this.workspaceStateDir, agentId);
    if (this.owned.has(agentId)) return true;
    if (heldLocks.has(path)) return false;
    const holder = await readLock(path);
    return holder === null || !isAlive(holder);
  }

  private async repair(agentId: string, keepBytes: number): Promise<void> {
    // An open writer has already repaired the file (and may have written since).
    if (this.writers.has(agentId)) return;
    await truncate(agentLogPath(this.workspaceStateDir, agentId), keepBytes);
  }
}

/** Writes what it can of `bytes` from `offset` at the end of the log; returns how many bytes it wrote. */
async function writeSome(writer: Writer, bytes: Buffer, offset: number): Promise<number> {
  if (Date.now() < writer.asyncUntil) return (await writer.handle.write(bytes, offset, bytes.length - offset, null)).bytesWritten;
  const started = performance.now();
  const written = writeSync(writer.handle.fd, bytes, offset, bytes.length - offset);
  if (performance.now() - started > SLOW_SYNC_WRITE_MS) writer.asyncUntil = Date.now() + ASYNC_AFTER_SLOW_WRITE_MS;
  return written;
}

interface ParsedLog {
  events: AgentEvent[];
  /** Bytes of an unfinished last line (no newline and not valid JSON), 0 when none. */
  tornBytes: number;
}

/** Splits a log into events; exported for the agent index and tests. */
export function parseLog(text: string, path: string, onWarning: (message: string) => void): ParsedLog {
  const events: AgentEvent[] = [];
  let tornBytes = 0;
  let start = 0;
  let lineNumber = 0;
  const newer: { count: number; types: Set<string>; version: number } = { count: 0, types: new Set(), version: EVENT_LOG_VERSION };
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const complete = end !== -1;
    const line = text.slice(start, complete ? end : text.length);
    lineNumber += 1;
    if (line.trim() !== '') {
      const event = parseEvent(line);
      if (event && ((event.v ?? 1) > EVENT_LOG_VERSION || !KNOWN_TYPES.has(event.type))) {
        newer.count++;
        newer.types.add(event.type);
        newer.version = Math.max(newer.version, event.v ?? 1);
      }
      if (event) events.push(event);
      else if (!complete) tornBytes = Buffer.byteLength(line, 'utf8');
      else onWarning(`Skipped a corrupt line (line ${lineNumber}) in ${path}.`);
    }
    if (!complete) break;
    start = end + 1;
  }
  if (newer.count > 0) {
    const from = newer.version > EVENT_LOG_VERSION ? `a newer Offload (log version ${newer.version}; this one reads ${EVENT_LOG_VERSION})` : 'a newer Offload';
    onWarning(
      `Kept ${newer.count} event${newer.count === 1 ? '' : 's'} in ${path} written by ${from}, of type${newer.types.size === 1 ? '' : 's'} ${[...newer.types].join(', ')}: ` +
        'shown as they are, not understood by this version. Update Offload to see them fully.',
    );
  }
  return { events, tornBytes };
}

function parseEvent(line: string): AgentEvent | null {
  try {
    const value = JSON.parse(line) as unknown;
    if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') return null;
    return value as AgentEvent;
  } catch {
    return null;
  }
}

/**
 * The log from byte `from` to its end, or null when `from` is not the start
 * of a line (the log was cut or rewritten since). `sizeAfter`/`mtimeMs` are
 * the file's when the read ended.
 */
async function readTail(path: string, from: number): Promise<{ text: string; bytes: number; sizeAfter: number; mtimeMs: number } | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= from) return null;
    // From one byte before `from`: a summary always ends a line, so that byte must be a newline.
    const start = from > 0 ? from - 1 : 0;
    const buffer = Buffer.alloc(size - start);
    let got = 0;
    while (got < buffer.length) {
      const { bytesRead } = await handle.read(buffer, got, buffer.length - got, start + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    if (from > 0 && buffer[0] !== 0x0a) return null;
    const body = buffer.subarray(from - start, got);
    const after = await handle.stat();
    return { text: body.toString('utf8'), bytes: body.length, sizeAfter: after.size, mtimeMs: after.mtimeMs };
  } finally {
    await handle.close();
  }
}

/** An agent's events, read without repairing anything (for readers that drive nothing, e.g. `offload list --all`). */
export async function readLogReadOnly(stateDir: string, agentId: string): Promise<AgentEvent[]> {
  const path = agentLogPath(stateDir, agentId);
  try {
    return parseLog(await readFile(path, 'utf8'), path, () => {}).events;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
}

/** The pid of a live process holding the agent's lock (this one included), or null when nobody drives it. */
export async function liveLockHolder(stateDir: string, agentId: string): Promise<number | null> {
  const holder = await readLock(agentLockPath(stateDir, agentId));
  return holder && isAlive(holder) ? holder.pid : null;
}

async function readLock(path: string): Promise<LockContent | null> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<LockContent>;
    if (typeof value.pid !== 'number' || typeof value.token !== 'string') return null;
    return value as LockContent;
  } catch {
    return null;
  }
}

/** Removes a stale lock unless it changed since we judged it (another process took it meanwhile). */
async function removeIfUnchanged(path: string, judged: LockContent | null): Promise<void> {
  const now = await readLock(path);
  if ((now?.token ?? null) !== (judged?.token ?? null)) return;
  await unlink(path).catch((error) => {
    if (!isErrno(error, 'ENOENT')) throw error;
  });
}

function isAlive(lock: LockContent): boolean {
  // A lock from another machine (a shared home folder) cannot be checked: treat it as live.
  if (lock.hostname && lock.hostname !== hostname()) return true;
  try {
    process.kill(lock.pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return isErrno(error, 'EPERM');
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
