// The SDK transport for a remote MCP server, and when to fall back from one
// kind to the other. A `url` with no `type` may point at a server of either
// transport, so the client does what the spec's backwards-compatibility section
// says: POST an InitializeRequest (streamable HTTP); if that fails with an HTTP
// 4xx, GET the URL as the older HTTP+SSE transport's stream.
// https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#backwards-compatibility

import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig } from '../../shared/mcp.js';

type RemoteConfig = Exclude<McpServerConfig, { command: string }>;

export async function remoteTransport(config: RemoteConfig, kind: 'streamable-http' | 'sse' = config.type === 'sse' ? 'sse' : 'streamable-http'): Promise<Transport> {
  const requestInit = { headers: config.headers ?? {} };
  if (kind === 'sse') {
    const { SSEClientTransport } = await import('@modelcontextprotocol/sdk/client/sse.js');
    // The configured headers go on the stream's GET and on every POST (the SDK merges requestInit's).
    return new SSEClientTransport(new URL(config.url), { requestInit });
  }
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  return new StreamableHTTPClientTransport(new URL(config.url), { requestInit });
}

/** Whether a failed streamable HTTP connect should be tried again as HTTP+SSE: a URL without a type, answered 4xx. */
export function fallsBackToSse(config: McpServerConfig, error: unknown): boolean {
  if ('command' in config || config.type !== undefined) return false;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && code >= 400 && code < 500;
}
