// The main area showing one workspace file, read-only for now.

import { useEffect, useState } from 'react';
import { useServices } from '../../app/servicesContext.js';
import { CodeEditor } from './CodeEditor.js';

type FileContent = Awaited<ReturnType<ReturnType<typeof useServices>['service']['readFile']>>;

export function FileView({ path }: { path: string }) {
  const { service } = useServices();
  const [file, setFile] = useState<FileContent | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setFile(null);
    setError(null);
    service
      .readFile(path)
      .then((f) => live && setFile(f))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [service, path]);

  return (
    <section className="file-view" aria-label={`File ${path}`}>
      <header className="view-header">
        <h1 className="view-title mono">{path}</h1>
        <span className="muted-inline">read-only</span>
      </header>
      {error && <p className="inline-error">{error}</p>}
      {file?.binary && <p className="empty-state">This is a binary file; it is not shown.</p>}
      {file?.tooLarge && <p className="empty-state">This file is too large to show.</p>}
      {file && file.content !== null && !file.binary && !file.tooLarge && <CodeEditor path={path} content={file.content} />}
    </section>
  );
}
