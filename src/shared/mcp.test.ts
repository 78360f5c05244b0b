import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeMcpTarget, mcpCallAllowed, mcpServerOf, mcpToolName } from './mcp.js';
import { mcpServersSchema } from './mcpSchemas.js';

test('tool names are mcp__SERVER__TOOL and the server is read back from them', () => {
  assert.equal(mcpToolName('github', 'get_issue'), 'mcp__github__get_issue');
  assert.equal(mcpServerOf('mcp__github__get_issue'), 'github');
  // A tool name may itself hold "__": the server is the part before the first one.
  assert.equal(mcpServerOf('mcp__fs__read__raw'), 'fs');
  assert.equal(mcpServerOf('read_file'), null);
});

test('the policy: a server or a tool allowed by name, read-only hints only when trusted', () => {
  const cases: [Parameters<typeof mcpCallAllowed>[0], string, boolean | undefined, boolean][] = [
    [{}, 'mcp__fx__echo', true, false],
    [{ allow: ['fx'] }, 'mcp__fx__write', false, true],
    [{ allow: ['mcp__fx__echo'] }, 'mcp__fx__echo', undefined, true],
    [{ allow: ['mcp__fx__echo'] }, 'mcp__fx__write', undefined, false],
    // "fx" allows the server fx, never a server whose name starts with it.
    [{ allow: ['fx'] }, 'mcp__fxx__echo', undefined, false],
    [{ trustReadOnlyHints: true }, 'mcp__fx__echo', true, true],
    [{ trustReadOnlyHints: true }, 'mcp__fx__write', false, false],
    [{ trustReadOnlyHints: true }, 'mcp__fx__unknown', undefined, false],
  ];
  for (const [policy, tool, readOnly, allowed] of cases) {
    assert.equal(mcpCallAllowed(policy, tool, readOnly), allowed, `${JSON.stringify(policy)} ${tool} readOnly=${readOnly}`);
  }
});

test('the conventional mcpServers shapes are accepted, SSE ones too; bad names and URLs get a clear error', () => {
  const ok = mcpServersSchema.safeParse({
    github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_TOKEN: 't' } },
    remote: { type: 'http', url: 'https://example.com/mcp', headers: { Authorization: 'Bearer x' } },
    plain: { url: 'http://127.0.0.1:3000/mcp' },
    old: { type: 'sse', url: 'https://example.com/sse', headers: { Authorization: 'Bearer y' } },
  });
  assert.ok(ok.success, JSON.stringify(ok.error?.issues));
  assert.equal(mcpServersSchema.safeParse({ 'a__b': { command: 'x' } }).success, false, 'a "__" would make tool names ambiguous');
  assert.equal(mcpServersSchema.safeParse({ old: { type: 'sse', url: 'ftp://example.com/sse' } }).success, false);
  assert.equal(mcpServersSchema.safeParse({ old: { type: 'sse', command: 'x' } }).success, false);
  assert.equal(mcpServersSchema.safeParse({ bad: { url: 'file:///etc/passwd' } }).success, false);
});

test('what a listing shows of a server never includes its env or headers', () => {
  assert.deepEqual(describeMcpTarget({ command: 'node', args: ['server.js'], env: { TOKEN: 'secret' } }), { transport: 'stdio', target: 'node server.js' });
  assert.deepEqual(describeMcpTarget({ url: 'https://x.test/mcp', headers: { Authorization: 'Bearer s' } }), { transport: 'http', target: 'https://x.test/mcp' });
  assert.deepEqual(describeMcpTarget({ type: 'sse', url: 'https://x.test/sse', headers: { Authorization: 'Bearer s' } }), { transport: 'sse', target: 'https://x.test/sse' });
});
