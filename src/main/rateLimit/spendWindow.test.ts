import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpendWindow } from './spendWindow.js';

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

test('spends count for the window (plus margin), then leave it', () => {
  const c = clock();
  const window = new SpendWindow({ limit: 10, now: c.now, marginMs: 100 });
  window.spend(6);
  c.t += 30_000;
  window.spend(4);
  assert.equal(window.used(), 10);
  assert.equal(window.msUntil(1), 30_100, 'the first spend leaves after 60 s + margin');
  assert.equal(window.msUntil(5), 30_100);
  assert.equal(window.msUntil(7), 60_100, 'seven need both gone');
  c.t += 30_100;
  assert.equal(window.used(), 4);
  assert.equal(window.msUntil(6), 0);
});

test('an amount above the limit fits only in an empty window; estimates go past the limit', () => {
  const c = clock();
  const window = new SpendWindow({ limit: 10, now: c.now });
  assert.equal(window.msUntil(50), 0);
  window.spend(3);
  assert.equal(window.msUntil(50), 60_000);
  assert.equal(window.estimateMsUntil(7), 0);
  assert.equal(window.estimateMsUntil(17), 60_000);
  assert.equal(window.estimateMsUntil(27), 120_000);
});

test('setAmount corrects an entry; remove unbooks it; a spend in the past counts until it would have left', () => {
  const c = clock();
  const window = new SpendWindow({ limit: 100, now: c.now });
  const entry = window.spend(80);
  window.setAmount(entry, 20);
  assert.equal(window.used(), 20);
  window.remove(entry);
  assert.equal(window.used(), 0);
  c.t += 10_000;
  window.spend(50, c.t - 10_000);
  assert.equal(window.msUntil(60), 50_000);
  window.spend(5, c.t - 70_000);
  assert.equal(window.used(), 50, 'already out of the window: not counted');
});

test('usedAround reports what was spent around a past moment', () => {
  const c = clock();
  const window = new SpendWindow({ limit: 100, now: c.now, marginMs: 500 });
  window.spend(10);
  c.t += 30_000;
  window.spend(20);
  c.t += 40_000;
  window.spend(30);
  assert.equal(window.used(), 50);
  assert.equal(window.usedAround(c.t - 40_000), 30, 'the 10 and the 20 were in the window 40 s ago');
  assert.equal(window.usedAround(c.t), 50);
});

test('setLimit applies at once; limits must be positive', () => {
  const c = clock();
  const window = new SpendWindow({ limit: 10, now: c.now });
  window.spend(10);
  assert.ok(window.msUntil(5) > 0);
  window.setLimit(20);
  assert.equal(window.msUntil(5), 0);
  assert.throws(() => window.setLimit(0), /limit must be a positive number/);
});
