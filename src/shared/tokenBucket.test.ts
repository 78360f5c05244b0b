import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucket } from './tokenBucket.js';

function fakeClock(start = 1_000_000) {
  const clock = { t: start, now: () => clock.t, advance: (ms: number) => (clock.t += ms) };
  return clock;
}

test('a full bucket gives its capacity at once, then one token per refill interval', () => {
  const clock = fakeClock();
  const bucket = new TokenBucket({ capacity: 60, now: clock.now });
  for (let i = 0; i < 60; i++) assert.equal(bucket.tryTake(1), 0, `take ${i}`);
  // 60 per minute: the next token is one second away.
  assert.equal(bucket.tryTake(1), 1000);
  clock.advance(999);
  assert.equal(bucket.tryTake(1), 1);
  clock.advance(1);
  assert.equal(bucket.tryTake(1), 0);
});

test('a refused take takes nothing', () => {
  const clock = fakeClock();
  const bucket = new TokenBucket({ capacity: 100, now: clock.now, initial: 10 });
  assert.ok(bucket.tryTake(50) > 0);
  assert.equal(bucket.available(), 10);
});

test('refill never goes above capacity', () => {
  const clock = fakeClock();
  const bucket = new TokenBucket({ capacity: 10, now: clock.now, initial: 0 });
  clock.advance(10 * 60_000);
  assert.equal(bucket.available(), 10);
});

test('a request larger than the capacity goes when the bucket is full', () => {
  const clock = fakeClock();
  const bucket = new TokenBucket({ capacity: 1000, now: clock.now, initial: 500 });
  // 500 missing at 1000/min = 30 s.
  assert.equal(bucket.tryTake(5000), 30_000);
  clock.advance(30_000);
  assert.equal(bucket.tryTake(5000), 0);
  assert.equal(bucket.available(), -4000);
});

test('adjust refunds over-reservations and charges debts, capped at capacity', () => {
  const clock = fakeClock();
  const bucket = new TokenBucket({ capacity: 100, now: clock.now });
  bucket.take(80);
  bucket.adjust(30);
  assert.equal(bucket.available(), 50);
  bucket.adjust(-70);
  assert.equal(bucket.available(), -20);
  bucket.adjust(1000);
  assert.equal(bucket.available(), 100);
});

test('setCapacity keeps the level, clipped, and changes the refill rate', () => {
  const clock = fakeClock();
  const bucket = new TokenBucket({ capacity: 100, now: clock.now });
  bucket.setCapacity(50);
  assert.equal(bucket.available(), 50);
  bucket.setCapacity(6000);
  assert.equal(bucket.available(), 50);
  bucket.take(50);
  // 6000 per minute = 100 per second.
  assert.equal(bucket.tryTake(100), 1000);
  assert.throws(() => bucket.setCapacity(0), /capacity must be a positive number/);
});

test('setAvailable learns the level, and a slower refill until resetAt', () => {
  const clock = fakeClock();
  const bucket = new TokenBucket({ capacity: 60, now: clock.now });
  // The server says: 0 left, full again in 2 minutes (half our rate).
  bucket.setAvailable(0, clock.t + 120_000);
  assert.equal(bucket.msUntil(1), 2000);
  clock.advance(60_000);
  assert.equal(Math.round(bucket.available()), 30);
  clock.advance(60_000);
  assert.equal(Math.round(bucket.available()), 60);
  // After resetAt the normal rate is back.
  bucket.take(60);
  assert.equal(bucket.msUntil(1), 1000);
});

test('setAvailable with a resetAt no later than our own refill keeps our rate', () => {
  const clock = fakeClock();
  const bucket = new TokenBucket({ capacity: 60, now: clock.now });
  bucket.setAvailable(0, clock.t + 10_000);
  assert.equal(bucket.msUntil(1), 1000);
});

test('a wait spanning the end of a slow plan adds both parts', () => {
  const clock = fakeClock();
  const bucket = new TokenBucket({ capacity: 60, now: clock.now });
  bucket.setAvailable(0, clock.t + 120_000); // 0.5 per second for 2 minutes
  bucket.take(10); // now at -10
  // 60 tokens come by resetAt; we need 70 to reach 60... capped at capacity, so msUntil(60) is exactly 120 s + 10 s.
  assert.equal(bucket.msUntil(60), 130_000);
  assert.equal(bucket.estimateMsUntil(120), 190_000);
});

test('estimateMsUntil looks past the capacity, msUntil does not', () => {
  const clock = fakeClock();
  const bucket = new TokenBucket({ capacity: 60, now: clock.now, initial: 0 });
  assert.equal(bucket.msUntil(120), 60_000);
  assert.equal(bucket.estimateMsUntil(120), 120_000);
});
