// The current time for live clocks (a running agent's elapsed time), from
// one shared one-second ticker: a list of 200 running agents re-renders once
// a second in one batch, not on 200 separate timers. Kept out of the store.

import { useSyncExternalStore } from 'react';
import { Emitter } from '../../shared/lifecycle.js';

const TICK_MS = 1000;
const ticks = new Emitter<void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  const subscription = ticks.event(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      ticks.fire();
    }, TICK_MS);
  }
  return () => {
    subscription.dispose();
    if (!ticks.hasListeners && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const noSubscribe = () => () => {};

export function useNow(active: boolean): number {
  const ticking = useSyncExternalStore(active ? subscribe : noSubscribe, () => now);
  return active ? Math.max(ticking, Date.now() - TICK_MS) : ticking;
}
