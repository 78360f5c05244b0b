import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DisposableStore, Emitter, toDisposable } from './lifecycle.js';

test('a store disposes what it owns once, newest first; what ended by itself leaves without being disposed', () => {
  const order: string[] = [];
  const store = new DisposableStore<{ name: string; dispose(): void }>();
  const item = (name: string) => ({ name, dispose: () => order.push(name) });
  const a = store.add(item('a'));
  store.add(item('b'));
  const c = store.add(item('c'));
  assert.equal(store.size, 3);
  assert.deepEqual(store.values().map((i) => i.name), ['a', 'b', 'c']);
  store.delete(c);
  assert.equal(store.size, 2);
  store.dispose();
  store.dispose();
  assert.deepEqual(order, ['b', 'a']);
  assert.equal(store.size, 0);
  store.add(item('late'));
  assert.deepEqual(order, ['b', 'a', 'late'], 'added after dispose: disposed at once');
  void a;
});

test('an emitter keeps firing past a listener that throws, and hears nothing after dispose', () => {
  const errors: unknown[] = [];
  const emitter = new Emitter<number>((error) => errors.push(error));
  const heard: number[] = [];
  emitter.event(() => {
    throw new Error('boom');
  });
  const sub = emitter.event((n) => heard.push(n));
  emitter.fire(1);
  sub.dispose();
  emitter.fire(2);
  assert.deepEqual(heard, [1]);
  assert.equal(errors.length, 2);
  emitter.dispose();
  emitter.event((n) => heard.push(n));
  emitter.fire(3);
  assert.deepEqual(heard, [1]);
  let disposed = 0;
  const once = toDisposable(() => disposed++);
  once.dispose();
  once.dispose();
  assert.equal(disposed, 1);
});
