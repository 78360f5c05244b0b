// The workspace's file list for quick open, kept between openings so the
// dialog shows results at once, and made afresh each time it opens and
// whenever the host reports a change (the watcher sees only the folders the
// page shows, so a fresh listing is what catches files added elsewhere).

import type { OffloadService } from '../../../shared/contract/offloadService.js';
import { createFileMatcher, type FileMatcher } from './fileMatcher.js';

let latest: FileMatcher | null = null;
let listing: Promise<FileMatcher> | null = null;

/** The matcher of the last listing, if there was one (maybe a little out of date). */
export function lastFileMatcher(): FileMatcher | null {
  return latest;
}

/** Lists the workspace's files again; calls that overlap share one listing. */
export function refreshFileMatcher(service: OffloadService): Promise<FileMatcher> {
  listing ??= service
    .listFiles()
    .then((files) => (latest = createFileMatcher(files)))
    .finally(() => (listing = null));
  return listing;
}
