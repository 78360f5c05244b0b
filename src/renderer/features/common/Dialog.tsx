// A modal dialog on the native <dialog> element: the browser traps focus,
// Escape closes it, and its role and name are right for screen readers.

import { useEffect, useRef, type ReactNode } from 'react';
import './dialog.css';

interface DialogProps {
  /** The accessible name, also shown as the title. */
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}

export function Dialog({ title, onClose, children, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    // showModal() focuses the first focusable element (the Close button); the
    // field a person came to type in is marked data-autofocus.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // Give focus back to what opened the dialog, as people expect.
      if (opener && document.contains(opener)) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      aria-label={title}
      className={`dialog ${className ?? ''}`}
      onCancel={(event) => {
        event.preventDefault();
        onCloseRef.current();
      }}
      onMouseDown={(event) => {
        // A click on the backdrop (the dialog element itself) closes it.
        if (event.target === ref.current) onCloseRef.current();
      }}
    >
      <div className="dialog-body">
        <header className="dialog-header">
          <h2 className="dialog-title">{title}</h2>
          <span className="spacer" />
          <button type="button" className="icon-button" aria-label="Close" title="Close (Escape)" onClick={() => onCloseRef.current()}>
            ×
          </button>
        </header>
        {children}
      </div>
    </dialog>
  );
}
