// Cancel takes effect at step boundaries; waits that have no natural end (a
// pause, the rate limiter, a back-off) are cut short by it.

export class CancelledError extends Error {
  constructor() {
    super('The agent was cancelled.');
    this.name = 'CancelledError';
  }
}

export function isCancelled(error: unknown): boolean {
  return error instanceof CancelledError || (error as { name?: string } | null)?.name === 'CancelledError';
}

/** Resolves or rejects like `promise`, or rejects with CancelledError when the signal fires first. */
export function cancellable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new CancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return cancellable(new Promise<void>((resolve) => setTimeout(resolve, ms)), signal);
}
