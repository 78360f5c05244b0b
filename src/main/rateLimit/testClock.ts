// A fake clock with fake timers for the rate limiter's tests: time moves only
// when a test says so, and due timers fire in order with promises settling in
// between. (Not a test file itself: the tests import it.)

export interface FakeTime {
  now(): number;
  setTimer(fn: () => void, ms: number): { cancel(): void };
  /** Moves time forward, firing due timers in order, letting promises settle between. */
  advance(ms: number): Promise<void>;
  /** A promise resolved after ms of fake time. */
  sleep(ms: number): Promise<void>;
  pendingTimers(): number;
}

export function fakeTime(start = Date.parse('2026-01-01T00:00:00Z')): FakeTime {
  let t = start;
  let timers: { at: number; seq: number; fn: () => void; live: boolean }[] = [];
  let seq = 0;
  const time: FakeTime = {
    now: () => t,
    setTimer(fn, ms) {
      const timer = { at: t + Math.max(0, ms), seq: seq++, fn, live: true };
      timers.push(timer);
      return { cancel: () => void (timer.live = false) };
    },
    async advance(ms) {
      const end = t + ms;
      await flush();
      for (;;) {
        timers = timers.filter((x) => x.live);
        let next: (typeof timers)[number] | undefined;
        for (const x of timers) if (x.at <= end && (!next || x.at < next.at || (x.at === next.at && x.seq < next.seq))) next = x;
        if (!next) break;
        t = Math.max(t, next.at);
        next.live = false;
        next.fn();
        await flush();
      }
      t = end;
      await flush();
    },
    sleep(ms) {
      return new Promise<void>((resolve) => time.setTimer(resolve, ms));
    },
    pendingTimers: () => timers.filter((x) => x.live).length,
  };
  return time;
}

/** Lets every pending promise chain run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
