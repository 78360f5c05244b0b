// The editor half of one workspace's host: the file service, the watcher (started
// when a page first looks at the files, never for the CLI), the file index for
// quick open, and search through the one text search the agents' grep uses.

import type {
  DirEntry,
  FileContent,
  FilesChangedEvent,
  SearchFileResult,
  SearchRequest,
  SearchResult,
  WatchStatus,
  WriteFileOptions,
  WriteFileResult,
} from '../../shared/contract/editorService.js';
import { searchText, TextSearchError } from '../../files/textSearch.js';
import { hostError } from '../app/hostErrors.js';
import { FileIndex } from './fileIndex.js';
import { FileService } from './fileService.js';
import { FileWatcher } from './fileWatcher.js';

export const DEFAULT_SEARCH_RESULTS = 2000;

export interface EditorWorkspaceOptions {
  /** Real path of the workspace. */
  workspace: string;
  onChanges: (event: FilesChangedEvent) => void;
  onWatchStatus: (status: WatchStatus) => void;
  /** The display name of the agent holding a write lease on a path, if any. */
  leaseHolder: (rel: string) => string | null;
  debug?: (line: string) => void;
}

/** How long a listing waits for the watcher's first scan (it is usually ready in tens of ms). */
const WATCH_READY_WAIT_MS = 2_000;

export class EditorWorkspace {
  readonly files: FileService;
  readonly watcher: FileWatcher;
  private readonly index: FileIndex;

  constructor(private readonly options: EditorWorkspaceOptions) {
    this.watcher = new FileWatcher({
      workspace: options.workspace,
      onChanges: options.onChanges,
      onStatus: options.onWatchStatus,
      debug: options.debug,
    });
    this.index = new FileIndex(options.workspace);
    this.files = new FileService({
      workspace: options.workspace,
      leaseHolder: options.leaseHolder,
      onFolderListed: (rel) => this.watcher.noteOpenFolder(rel),
    });
  }

  async listDir(path?: string): Promise<DirEntry[]> {
    // Watching before listing: a folder made while the watcher's first scan ran would be taken for one
    // of its initial entries (never told) and be missing from a listing read earlier. Bounded, so a
    // watcher that never gets ready costs the listing a moment, not the Explorer.
    await Promise.race([this.watcher.start(), new Promise((resolve) => setTimeout(resolve, WATCH_READY_WAIT_MS).unref())]);
    return this.files.listDir(path);
  }

  async readFile(path: string): Promise<FileContent> {
    void this.watcher.start();
    const file = await this.files.readFile(path);
    this.watcher.noteOpenFile(file.path);
    return file;
  }

  writeFile(path: string, content: string, options?: WriteFileOptions): Promise<WriteFileResult> {
    return this.files.writeFile(path, content, options);
  }

  listFiles(): Promise<string[]> {
    return this.index.list();
  }

  getWatchStatus(): WatchStatus {
    return this.watcher.status();
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    let found;
    try {
      found = await searchText({
        workspace: this.options.workspace,
        pattern: request.query,
        regex: request.regex ?? false,
        caseSensitive: request.caseSensitive ?? false,
        glob: request.include?.trim() || undefined,
        max: request.maxResults ?? DEFAULT_SEARCH_RESULTS,
      });
    } catch (error) {
      if (error instanceof TextSearchError) throw hostError('BAD_INPUT', error.message);
      throw error;
    }
    // Grouped by file, in the order the engine found them.
    const byFile = new Map<string, SearchFileResult>();
    for (const { path, line, column, length, text } of found.matches) {
      let group = byFile.get(path);
      if (!group) byFile.set(path, (group = { path, matches: [] }));
      group.matches.push({ line, column, length, text });
    }
    return { files: [...byFile.values()], truncated: found.truncated, engine: found.engine };
  }

  dispose(): Promise<void> {
    return this.watcher.dispose();
  }
}
