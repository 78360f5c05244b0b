import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entryFilesOf } from './firstPageLoad.js';

test("the page's entry files: its module script, module preloads and stylesheets, as URL paths", () => {
  const html = [
    '<!doctype html><html><head>',
    '<meta charset="UTF-8" />',
    '<script type="module" crossorigin src="./assets/index-B7e0cyHC.js"></script>',
    '<link rel="modulepreload" crossorigin href="./assets/instantiation-CwgVOMaS.js">',
    '<link rel="stylesheet" crossorigin href="/assets/index-7jahcM6J.css">',
    '<link rel="icon" href="./favicon.ico">',
    '<script src="https://cdn.example.com/x.js"></script>',
    '<script>inline()</script>',
    '</head><body><div id="root"></div></body></html>',
  ].join('\n');
  assert.deepEqual(entryFilesOf(html), ['/assets/index-B7e0cyHC.js', '/assets/instantiation-CwgVOMaS.js', '/assets/index-7jahcM6J.css']);
});

test('a document with no scripts or styles has no entry files', () => {
  assert.deepEqual(entryFilesOf('<!doctype html><title>Offload</title>'), []);
  assert.deepEqual(entryFilesOf(''), []);
});
