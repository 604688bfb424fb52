/** Short notices at the bottom of the window ("已导入…", "已撤销…"), optionally with one action button. */
import { useSyncExternalStore } from 'react';

export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
  action?: ToastAction;
}

let toasts: Toast[] = [];
let next = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/** Shows a notice; returns its id (for dismiss). */
export function notify(text: string, kind: Toast['kind'] = 'info', ms = 5000, action?: ToastAction): number {
  const id = next++;
  // Keep the three newest: older notices are stale once a new one arrives.
  toasts = [...toasts.slice(-2), { id, text, kind, ...(action ? { action } : {}) }];
  emit();
  setTimeout(() => dismiss(id), ms);
  return id;
}

export function dismiss(id: number): void {
  if (!toasts.some((t) => t.id === id)) return;
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

/** The notices on screen now, oldest first. */
export function currentToasts(): Toast[] {
  return toasts;
}

export function useToasts(): Toast[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => toasts,
  );
}
