// The host's side of the diff worker (diffWorker.ts): one worker thread per
// process, started on the first big diff and unref'd so it never keeps a CLI
// alive. When the worker file cannot be found (a bundle that left it out) or
// the worker dies, the diff runs here: still bounded, just not off-thread.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DiffRequest } from './diffWorker.js';
import { diffTextsNow, type TextDiffResult } from './textDiff.js';

type Reply = { id: number; result?: TextDiffResult; error?: string };
type Waiter = { resolve: (r: TextDiffResult) => void; reject: (e: Error) => void; request: DiffRequest };

const workerUrl = new URL('./diffWorker.js', import.meta.url);
let worker: Worker | null = null;
let unavailable = false;
let nextId = 1;
const waiting = new Map<number, Waiter>();

function startWorker(): Worker | null {
  if (worker) return worker;
  if (unavailable || !existsSync(fileURLToPath(workerUrl))) {
    unavailable = true;
    return null;
  }
  const started = new Worker(workerUrl);
  started.unref();
  started.on('message', (reply: Reply) => {
    const waiter = waiting.get(reply.id);
    if (!waiter) return;
    waiting.delete(reply.id);
    if (reply.result) waiter.resolve(reply.result);
    else waiter.reject(new Error(reply.error ?? 'the diff worker failed'));
  });
  const fail = () => {
    if (worker !== started) return;
    worker = null;
    // Whatever was in flight is computed here instead.
    for (const [id, waiter] of waiting) {
      waiting.delete(id);
      try {
        waiter.resolve(diffTextsNow(waiter.request.oldText, waiter.request.newText));
      } catch (error) {
        waiter.reject(error as Error);
      }
    }
  };
  started.on('error', fail);
  started.on('exit', fail);
  worker = started;
  return started;
}

export function diffOnWorker(oldText: string, newText: string): Promise<TextDiffResult> {
  const w = startWorker();
  if (!w) return Promise.resolve(diffTextsNow(oldText, newText));
  const request: DiffRequest = { id: nextId++, oldText, newText };
  return new Promise((resolve, reject) => {
    waiting.set(request.id, { resolve, reject, request });
    // Ref'd while a diff is pending, so an awaiting caller is not cut off by an empty event loop.
    w.ref();
    w.postMessage(request);
  }).finally(() => {
    if (waiting.size === 0) worker?.unref();
  }) as Promise<TextDiffResult>;
}
