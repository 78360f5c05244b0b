import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, SecretRedactor, StreamRedactor } from './secretRedaction.js';

const KEY = 'sk-ant-api03-Zx9_Qw8-Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz';
const redactor = new SecretRedactor([KEY]);

test('the key, reversed, in hex and percent-encoded is redacted', () => {
  const hex = Buffer.from(KEY).toString('hex');
  for (const form of [KEY, [...KEY].reverse().join(''), hex, hex.toUpperCase(), [...Buffer.from(KEY)].map((b) => `%${b.toString(16)}`).join('')]) {
    const out = redactor.redact(`before ${form} after`);
    assert.equal(out, `before ${REDACTED} after`, form);
  }
});

test('base64 at every byte alignment, URL-safe, and wrapped at 76 columns as base64(1) wraps it', () => {
  for (const prefix of ['', 'a', 'ab', 'KEY=', 'ANTHROPIC_API_KEY=']) {
    const encoded = Buffer.from(`${prefix}${KEY}\n`).toString('base64');
    for (const form of [encoded, encoded.replace(/\+/g, '-').replace(/\//g, '_'), encoded.replace(/.{76}/g, '$&\n'), encoded.replace(/.{10}/g, '$&\r\n')]) {
      const out = redactor.redact(form);
      assert.ok(out.includes(REDACTED), `${prefix}: ${form}`);
      // What is left cannot be decoded back into the key.
      assert.ok(!Buffer.from(out.replace(/\s|\[redacted\]/g, ''), 'base64').toString('latin1').includes(KEY.slice(4, 20)));
    }
  }
});

test('a key split across chunks is held back until whole, and nothing else is lost', () => {
  const stream = new StreamRedactor(redactor);
  const text = `line one\nthe key: ${KEY}\nand the end\n`;
  const cutAt = text.indexOf(KEY) + 10;
  const sent = [stream.push(text.slice(0, cutAt)), stream.push(text.slice(cutAt, cutAt + 5)), stream.push(text.slice(cutAt + 5)), stream.end()];
  for (const chunk of sent) assert.ok(!chunk.includes(KEY.slice(0, 12)) && !chunk.includes(KEY.slice(10)), chunk);
  assert.equal(sent.join(''), `line one\nthe key: ${REDACTED}\nand the end\n`);
});

test('ordinary text passes untouched, and a stream of it comes out whole', () => {
  const stream = new StreamRedactor(redactor);
  const text = 'x'.repeat(5000) + '\nsk-ant-other\n' + 'y'.repeat(10);
  let out = '';
  for (let i = 0; i < text.length; i += 333) out += stream.push(text.slice(i, i + 333));
  out += stream.end();
  assert.equal(out, text);
  assert.equal(new SecretRedactor([]).redact(KEY), KEY, 'no secrets: nothing to redact');
});
