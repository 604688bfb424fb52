/** Loading, empty and error states: every screen says what is happening and what to do. */
import type { ReactNode } from 'react';

export function Spinner({ text }: { text: string }) {
  return (
    <div className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{text}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

export function ErrorState({ title, error, action }: { title: string; error: Error | string; action?: ReactNode }) {
  return (
    <div className="state state-error" role="alert">
      <h3>{title}</h3>
      <p className="state-detail">{typeof error === 'string' ? error : error.message}</p>
      {action}
    </div>
  );
}

export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100}
      aria-valuenow={value == null ? undefined : Math.round(value * 100)}>
      <div className={value == null ? 'progress-bar indeterminate' : 'progress-bar'} style={value == null ? undefined : { width: `${value * 100}%` }} />
    </div>
  );
}
