// The frame every admin page shares: a title with its "New …" button, the status line that announces
// what was just saved, the form card (when one is open) and the error of the last action on a row.
import { useState, type ReactNode } from 'react';
import { errorMessageOf } from '../../../lib/trpc.ts';
import { FormStatus } from '../../../ui/FormField.tsx';

/**
 * What the page is editing ('new', one of its rows, or nothing), the last success message and the
 * last row action's error. Opening a form clears the old message so the status line only tells news.
 */
export function useAdminEditing<Row>() {
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  return {
    editing,
    message,
    rowError,
    startNew() {
      setMessage(null);
      setEditing('new');
    },
    /** Opens the form on a row; the form sits above the list, so the page scrolls back up to it. */
    edit(row: Row) {
      setMessage(null);
      setEditing(row);
      window.scrollTo({ top: 0 });
    },
    /** Closes the form and announces what it saved. */
    done(text: string) {
      setEditing(null);
      setMessage(text);
    },
    cancel() {
      setEditing(null);
    },
    /** Runs an action on a row of the list: it resolves to the message to announce, or fails into an alert. */
    async runRowAction(action: () => Promise<string>) {
      setRowError(null);
      try {
        setMessage(await action());
      } catch (error) {
        setRowError(errorMessageOf(error));
      }
    },
  };
}
export type AdminEditing<Row> = ReturnType<typeof useAdminEditing<Row>>;

interface AdminPageProps {
  title: string;
  intro: ReactNode;
  newLabel: string;
  editing: Pick<AdminEditing<unknown>, 'message' | 'rowError' | 'startNew'>;
  /** The open form, or null. */
  form: ReactNode;
  children: ReactNode;
}

export function AdminPage({ title, intro, newLabel, editing, form, children }: AdminPageProps) {
  return (
    <div className="admin-page">
      <header className="page-header">
        <div>
          <h1>{title}</h1>
          <p>{intro}</p>
        </div>
        <button type="button" className="button button--primary" onClick={editing.startNew}>
          {newLabel}
        </button>
      </header>
      <FormStatus message={editing.message} />
      {form}
      {editing.rowError ? (
        <p className="alert alert--error" role="alert">
          {editing.rowError}
        </p>
      ) : null}
      {children}
    </div>
  );
}
