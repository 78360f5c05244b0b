// An MCP tool result as text for the model. Content blocks per the spec
// (https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool-result):
// text, image, audio, resource_link and embedded resource; `isError` marks a
// tool-level failure the model should see and handle.

const MAX_RESULT_CHARS = 50_000;

interface ContentBlock {
  type: string;
  text?: string;
  mimeType?: string;
  uri?: string;
  name?: string;
  resource?: { uri?: string; text?: string; mimeType?: string; blob?: string };
}

export interface McpCallResult {
  content?: ContentBlock[];
  structuredContent?: unknown;
  isError?: boolean;
  /** Old servers (protocol 2024-10-07) answer with toolResult. */
  toolResult?: unknown;
}

export function mcpResultText(result: McpCallResult): { ok: boolean; content: string } {
  const parts: string[] = [];
  for (const block of result.content ?? []) {
    switch (block.type) {
      case 'text':
        parts.push(block.text ?? '');
        break;
      case 'image':
      case 'audio':
        parts.push(`[${block.type} (${block.mimeType ?? 'unknown type'}) not shown]`);
        break;
      case 'resource_link':
        parts.push(`[resource link: ${block.name ?? ''} ${block.uri ?? ''}]`.replace(/\s+]/, ']'));
        break;
      case 'resource':
        parts.push(block.resource?.text ?? `[resource ${block.resource?.uri ?? ''} (${block.resource?.mimeType ?? 'binary'}) not shown]`);
        break;
      default:
        parts.push(`[${block.type} content not shown]`);
    }
  }
  if (parts.length === 0 && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent));
  if (parts.length === 0 && result.toolResult !== undefined) parts.push(JSON.stringify(result.toolResult));
  let content = parts.join('\n');
  if (content.length > MAX_RESULT_CHARS) content = `${content.slice(0, MAX_RESULT_CHARS)}\n[… cut at ${MAX_RESULT_CHARS} characters]`;
  return { ok: result.isError !== true, content: content || '(no content)' };
}
