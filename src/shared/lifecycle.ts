// Lifetimes made explicit (the idea of VS Code's src/vs/base/common/lifecycle.ts
// and its Emitter, without the rest): whatever registers something gets a
// Disposable back, and an owner keeps its registrations in a DisposableStore
// that it disposes once. Runs in every layer (no node:*, no DOM).

export interface Disposable {
  dispose(): void;
}

/** A Disposable from a function (called at most once). */
export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/**
 * Owns registrations; disposing it disposes each once, newest first. Adding
 * after dispose disposes at once. `T` narrows what it holds, for an owner
 * that also looks at what is live (e.g. a server's open connections).
 */
export class DisposableStore<T extends Disposable = Disposable> implements Disposable {
  private readonly items = new Set<T>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** How many registrations are live. */
  get size(): number {
    return this.items.size;
  }

  /** The live registrations, oldest first (a copy: disposing while iterating is safe). */
  values(): T[] {
    return [...this.items];
  }

  add<U extends T>(item: U): U {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  /** Forgets an item without disposing it (it ended by itself). */
  delete(item: T): void {
    this.items.delete(item);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const items = [...this.items].reverse();
    this.items.clear();
    const errors: unknown[] = [];
    for (const item of items) {
      try {
        item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'Several registrations failed to dispose.');
  }
}

/** Surfaces an error after the current work, as an unhandled rejection. */
export function rethrowLater(error: unknown): void {
  void Promise.reject(error);
}

/** A subscription function: `onDidX(listener)` returns how to stop listening. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/**
 * A typed event source. The owner fires; others subscribe through `event`.
 * A listener that throws does not stop the others: the error goes to
 * `onListenerError`, by default surfaced afterwards as an unhandled
 * rejection (never swallowed; this layer has no timers or queueMicrotask).
 */
export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<(value: T) => void>();
  private disposed = false;

  constructor(private readonly onListenerError: (error: unknown) => void = rethrowLater) {}

  readonly event: Event<T> = (listener) => {
    if (this.disposed) return toDisposable(() => {});
    // Wrapped so one function may subscribe twice and unsubscribe each separately.
    const entry = (value: T) => listener(value);
    this.listeners.add(entry);
    return toDisposable(() => this.listeners.delete(entry));
  };

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}
