// The ranked full-text index behind codebase_search: MiniSearch over chunks of
// the workspace's text files (.gitignore respected). Built on first use; each
// search first re-indexes files whose mtime or size changed, files the agent
// wrote, and drops deleted ones, so results follow the files.

import { readFile, stat } from 'node:fs/promises';
import MiniSearch from 'minisearch';
import { looksBinary } from '../../files/textFiles.js';
import { walkWorkspace } from '../../files/workspaceWalk.js';

export const INDEX_MAX_FILES = 5000;
export const INDEX_MAX_FILE_BYTES = 512 * 1024;
const CHUNK_LINES = 40;

interface Chunk {
  id: string;
  path: string;
  startLine: number;
  text: string;
}

interface IndexedFile {
  mtimeMs: number;
  size: number;
  chunkIds: string[];
}

export interface SearchHit {
  path: string;
  startLine: number;
  endLine: number;
  score: number;
  /** The chunk's lines that contain a query term (or its first lines), numbered. */
  preview: string[];
}

/** Splits code words: `getUserName` and `get_user_name` both give get, user, name. */
export function tokenizeCode(text: string): string[] {
  const tokens: string[] = [];
  for (const word of text.split(/[^A-Za-z0-9]+/)) {
    if (!word) continue;
    tokens.push(word);
    const parts = word.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/);
    if (parts.length > 1) tokens.push(...parts);
  }
  return tokens;
}

export class CodebaseIndex {
  private search: MiniSearch<Chunk> | null = null;
  private readonly files = new Map<string, IndexedFile>();
  private readonly chunks = new Map<string, Chunk>();
  private readonly changed = new Set<string>();
  /** True when the workspace had more text files than the index keeps. */
  truncated = false;

  constructor(private readonly workspace: string) {}

  /** A file the agent wrote: re-read it on the next search whatever its mtime says. */
  markChanged(relative: string): void {
    this.changed.add(relative);
  }

  async query(text: string, limit = 10): Promise<SearchHit[]> {
    await this.refresh();
    const results = this.search!.search(text, {
      prefix: (term) => term.length > 2,
      fuzzy: (term) => (term.length > 4 ? 0.2 : false),
      boost: { path: 2 },
      combineWith: 'OR',
    });
    const terms = new Set(tokenizeCode(text).map((t) => t.toLowerCase()));
    return results.slice(0, limit).map((result) => {
      const chunk = this.chunks.get(String(result.id))!;
      const lines = chunk.text.split('\n');
      const matched = new Set(result.terms);
      const hitLines = lines
        .map((line, i) => ({ line, no: chunk.startLine + i }))
        .filter(({ line }) => tokenizeCode(line).some((t) => matched.has(t.toLowerCase()) || terms.has(t.toLowerCase())));
      const preview = (hitLines.length > 0 ? hitLines : lines.slice(0, 3).map((line, i) => ({ line, no: chunk.startLine + i })))
        .slice(0, 6)
        .map(({ line, no }) => `${String(no).padStart(6)}\t${line.length > 200 ? line.slice(0, 200) + '…' : line}`);
      return {
        path: chunk.path,
        startLine: chunk.startLine,
        endLine: chunk.startLine + lines.length - 1,
        score: Math.round(result.score * 100) / 100,
        preview,
      };
    });
  }

  /** Brings the index up to date with the files on disk. */
  async refresh(): Promise<void> {
    this.search ??= new MiniSearch<Chunk>({
      fields: ['path', 'text'],
      idField: 'id',
      tokenize: (text) => tokenizeCode(text),
      processTerm: (term) => (term.length > 1 ? term.toLowerCase() : null),
    });
    const seen = new Set<string>();
    let count = 0;
    this.truncated = false;
    for await (const file of walkWorkspace(this.workspace)) {
      if (count >= INDEX_MAX_FILES) {
        this.truncated = true;
        break;
      }
      let info;
      try {
        info = await stat(file.absolute);
      } catch {
        continue;
      }
      if (info.size > INDEX_MAX_FILE_BYTES) continue;
      seen.add(file.relative);
      count++;
      const known = this.files.get(file.relative);
      if (known && known.mtimeMs === info.mtimeMs && known.size === info.size && !this.changed.has(file.relative)) continue;
      await this.indexFile(file.relative, file.absolute, info.mtimeMs, info.size);
    }
    for (const relative of [...this.files.keys()]) if (!seen.has(relative)) this.removeFile(relative);
    this.changed.clear();
  }

  private removeFile(relative: string): void {
    const known = this.files.get(relative);
    if (!known) return;
    for (const id of known.chunkIds) {
      if (this.search!.has(id)) this.search!.discard(id);
      this.chunks.delete(id);
    }
    this.files.delete(relative);
  }

  private async indexFile(relative: string, absolute: string, mtimeMs: number, size: number): Promise<void> {
    this.removeFile(relative);
    let bytes: Buffer;
    try {
      bytes = await readFile(absolute);
    } catch {
      return;
    }
    if (looksBinary(bytes, true)) {
      this.files.set(relative, { mtimeMs, size, chunkIds: [] });
      return;
    }
    const lines = bytes.toString('utf8').split('\n');
    const chunkIds: string[] = [];
    for (let start = 0; start < lines.length; start += CHUNK_LINES) {
      const chunk: Chunk = {
        id: `${relative}#${start + 1}`,
        path: relative,
        startLine: start + 1,
        text: lines.slice(start, start + CHUNK_LINES).join('\n'),
      };
      this.chunks.set(chunk.id, chunk);
      this.search!.add(chunk);
      chunkIds.push(chunk.id);
    }
    this.files.set(relative, { mtimeMs, size, chunkIds });
  }
}
