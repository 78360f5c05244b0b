// The diff worker thread: computes bounded line diffs (textDiff.ts) off the
// host's main thread. One request at a time, answered in order.

import { parentPort } from 'node:worker_threads';
import { diffTextsNow } from './textDiff.js';

export interface DiffRequest {
  id: number;
  oldText: string;
  newText: string;
}

parentPort?.on('message', (request: DiffRequest) => {
  try {
    parentPort!.postMessage({ id: request.id, result: diffTextsNow(request.oldText, request.newText) });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
