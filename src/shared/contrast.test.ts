import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contrastRatio, readableOn } from './contrast.js';

test('contrast ratios as WCAG defines them', () => {
  assert.equal(Math.round(contrastRatio('000000', 'ffffff') * 100) / 100, 21);
  assert.equal(Math.round(contrastRatio('ffffff', '4c8dff') * 100) / 100, 3.2);
});

test('readableOn keeps a colour that passes and nudges one that does not, on every background', () => {
  assert.equal(readableOn('000000', ['ffffff']), '000000');
  const teal = readableOn('008080', ['ffffff', 'ffcecb', 'abf2bc']);
  for (const bg of ['ffffff', 'ffcecb', 'abf2bc']) assert.ok(contrastRatio(teal, bg) >= 4.5, `${teal} on ${bg}`);
  const blue = readableOn('569cd6', ['1e1e1e', '4b5a2a']);
  assert.ok(contrastRatio(blue, '4b5a2a') >= 4.5);
  assert.ok(contrastRatio(blue, '569cd6') < 2, 'only as far as needed');
});
