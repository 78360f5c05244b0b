// A popup menu (role menu) at a point: arrow keys move between items, Enter
// or a click runs one, Escape, Tab or a click elsewhere closes it.

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import './menu.css';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  disabled?: boolean;
}

interface MenuProps {
  label: string;
  items: MenuItem[];
  x: number;
  y: number;
  onClose: () => void;
}

export function Menu({ label, items, x, y, onClose }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState({ left: x, top: y });
  const enabledItems = () => Array.from(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? []);

  useLayoutEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    // Keep the menu on screen near the edges.
    const rect = menu.getBoundingClientRect();
    setPosition({
      left: Math.max(4, Math.min(x, window.innerWidth - rect.width - 4)),
      top: Math.max(4, Math.min(y, window.innerHeight - rect.height - 4)),
    });
    enabledItems()[0]?.focus();
  }, [x, y]);

  // Focus goes back where it came from when the menu closes (Escape, a choice,
  // Tab), unless the choice moved it somewhere on purpose.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    const menu = ref.current;
    return () => {
      const active = document.activeElement;
      const lost = !active || active === document.body || (menu?.contains(active) ?? false) || !active.isConnected;
      // After the DOM update: the menu (and its focused item) is gone by then.
      queueMicrotask(() => {
        const now = document.activeElement;
        if (opener?.isConnected && (lost || now === document.body || !now)) opener.focus();
      });
    };
  }, [opener]);

  useEffect(() => {
    const onPointer = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    const onBlur = () => onClose();
    document.addEventListener('mousedown', onPointer, true);
    window.addEventListener('blur', onBlur);
    window.addEventListener('resize', onBlur);
    return () => {
      document.removeEventListener('mousedown', onPointer, true);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('resize', onBlur);
    };
  }, [onClose]);

  const move = (delta: number) => {
    const nodes = enabledItems();
    if (!nodes.length) return;
    const index = nodes.indexOf(document.activeElement as HTMLElement);
    nodes[(index + delta + nodes.length) % nodes.length]!.focus();
  };

  return createPortal(
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      className="menu"
      style={{ left: position.left, top: position.top }}
      onKeyDown={(event) => {
        if (event.key === 'ArrowDown') move(1);
        else if (event.key === 'ArrowUp') move(-1);
        else if (event.key === 'Home') enabledItems()[0]?.focus();
        else if (event.key === 'End') enabledItems().at(-1)?.focus();
        else if (event.key === 'Escape' || event.key === 'Tab') onClose();
        else return;
        event.preventDefault();
        event.stopPropagation();
      }}
    >
      {items.map((item) => (
        <div
          key={item.label}
          role="menuitem"
          tabIndex={-1}
          aria-disabled={item.disabled || undefined}
          className={`menu-item ${item.danger ? 'danger' : ''}`}
          onClick={() => {
            if (item.disabled) return;
            onClose();
            item.onSelect();
          }}
          onKeyDown={(event) => {
            if ((event.key === 'Enter' || event.key === ' ') && !item.disabled) {
              event.preventDefault();
              onClose();
              item.onSelect();
            }
          }}
        >
          {item.label}
        </div>
      ))}
    </div>,
    // Inside an open modal <dialog>, only its top layer is visible and clickable.
    (document.querySelector('dialog[open]') as HTMLElement | null) ?? document.body,
  );
}
