// Every file of the workspace (as git sees it: .gitignore'd files and .git
// left out), for quick open. Walked once, then kept in step with the watcher's
// changes; walked again after a burst too large to list, or on every request
// while the watcher only polls (it no longer sees the whole tree).

import type { FilesChangedEvent } from '../../shared/contract/editorService.js';
import { walkWorkspace } from '../../files/workspaceWalk.js';

export class FileIndex {
  private files: Set<string> | null = null;
  private building: Promise<Set<string>> | null = null;

  constructor(
    private readonly workspace: string,
    /** False while changes may go unseen (polling): the list is walked afresh each time. */
    private readonly complete: () => boolean,
  ) {}

  async list(): Promise<string[]> {
    if (!this.files || !this.complete()) this.files = await this.build();
    return [...this.files];
  }

  apply(event: FilesChangedEvent): void {
    if (!this.files) return;
    if (event.overflow) {
      this.files = null;
      return;
    }
    for (const change of event.changes) {
      if (change.kind === 'add') this.files.add(change.path);
      else if (change.kind === 'unlink') this.files.delete(change.path);
      else if (change.kind === 'unlinkDir') {
        const prefix = `${change.path}/`;
        for (const file of this.files) if (file.startsWith(prefix)) this.files.delete(file);
      } else if (change.path === '.gitignore' || change.path.endsWith('/.gitignore')) {
        this.files = null; // what is ignored changed
        return;
      }
    }
  }

  private build(): Promise<Set<string>> {
    this.building ??= (async () => {
      const files = new Set<string>();
      for await (const file of walkWorkspace(this.workspace)) files.add(file.relative);
      return files;
    })().finally(() => (this.building = null));
    return this.building;
  }
}
