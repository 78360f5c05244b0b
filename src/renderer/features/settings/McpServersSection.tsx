// Settings → MCP servers: each server from .offload/mcp.json and the user's
// settings with its status and tools, as `offload mcp list` shows them. Asking
// starts each server briefly, so it is asked when the section opens and on Refresh.

import { useCallback, useEffect, useState } from 'react';
import type { McpServerReport } from '../../../shared/mcp.js';
import { useServices } from '../../app/servicesContext.js';

const STATUS_WORDS: Record<McpServerReport['status'], string> = { connected: 'Connected', failed: 'Failed', untrusted: 'Not trusted' };

export function McpServersSection() {
  const { service } = useServices();
  const [servers, setServers] = useState<McpServerReport[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    service
      .listMcpServers()
      .then(setServers, (e: unknown) => setError((e as Error).message))
      .finally(() => setLoading(false));
  }, [service]);
  useEffect(load, [load]);
  return (
    <fieldset className="settings-group">
      <legend>MCP servers</legend>
      <div className="field-row">
        <span className="muted grow" aria-live="polite">
          {loading ? 'Starting each server to list its tools…' : servers && servers.length === 0 ? 'None configured (add "mcpServers" to .offload/mcp.json or your settings file).' : ''}
        </span>
        <button type="button" className="button" disabled={loading} onClick={load}>
          Refresh
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      {servers && servers.length > 0 && (
        <ul className="settings-list" aria-label="MCP servers">
          {servers.map((s) => (
            <li key={`${s.source}:${s.name}`} className="settings-item" aria-label={`MCP server ${s.name}`}>
              <div>
                <strong>{s.name}</strong> <span className="muted">{s.source === 'workspace' ? '.offload/mcp.json' : 'your settings'} · {s.transport}: {s.target}</span>
              </div>
              <div className={s.status === 'connected' ? 'muted' : undefined} role={s.status === 'failed' ? 'status' : undefined}>
                {STATUS_WORDS[s.status]}
                {s.error ? `: ${s.error}` : ''}
              </div>
              {s.tools.length > 0 && (
                <ul aria-label={`Tools of ${s.name}`}>
                  {s.tools.map((t) => (
                    <li key={t.name}>
                      <code>{t.name}</code>
                      {t.readOnly ? ' (read-only)' : ''}
                      {t.description ? ` – ${t.description.split('\n')[0]}` : ''}
                    </li>
                  ))}
                </ul>
              )}
              {s.stderr && (
                <details>
                  <summary>stderr</summary>
                  <pre className="mono">{s.stderr}</pre>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
