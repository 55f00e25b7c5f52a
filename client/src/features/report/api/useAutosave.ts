// Autosave of a report draft. Changes are saved ~1.5 s after the last keystroke — every valid change,
// while a field in error keeps its last saved value until corrected (savableDraft.ts) — each save based on
// the version last seen (expectedVersion), so a save on top of someone else's newer version is refused
// by the server (CONFLICT) and shown, never retried over their work. Until a change is saved it is also
// kept in localStorage; without a connection the save waits for the browser's 'online' event (and
// retries with back-off on server errors).
import i18next from 'i18next';
import type { CodedIssue } from '@lpt/shared/messages';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReportData } from '@lpt/shared/report';
import { errorCodeOf, errorMessageOf, issuesOf, isApiError, useTRPCClient } from '../../../lib/trpc.ts';
import { savableDraft } from '../savableDraft.ts';
import { forgetPendingDraft, keepPendingDraft } from './pendingDrafts.ts';

export const AUTOSAVE_DELAY_MS = 1500;
const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000, 60_000];

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  /** Everything valid is saved; these fields' changes are not, as they are in error. */
  | { kind: 'held'; fields: string[] }
  | { kind: 'offline' }
  | { kind: 'invalid' }
  | { kind: 'failed'; message: string }
  | { kind: 'conflict'; message: string };

/** JSON with sorted keys, so two equal reports compare equal whatever order their keys came in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

interface Options {
  organizationId: number;
  year: number;
  /** The server version the form was loaded from (0: no report yet; the first save creates it). */
  initialVersion: number;
  /** The data as the server holds it at initialVersion (what counts as "saved"). */
  savedData: ReportData;
  /** False when the report cannot be edited (submitted, approved, closed cycle): nothing is saved. */
  enabled: boolean;
  getData: () => ReportData;
  /** The coded problems of a refused save (BAD_REQUEST), each naming its field by dotted path. */
  onFieldErrors: (issues: CodedIssue[]) => void;
}

export function useAutosave({ organizationId, year, initialVersion, savedData, enabled, getData, onFieldErrors }: Options) {
  const client = useTRPCClient();
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const versionRef = useRef(initialVersion);
  const savedJsonRef = useRef(stableJson(savedData));
  const savedDataRef = useRef(savedData);
  const timerRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const retryRef = useRef(0);
  const inFlightRef = useRef<Promise<boolean> | null>(null);
  const stoppedRef = useRef(false);
  const saveRef = useRef<() => Promise<boolean>>(async () => false);
  const latest = useRef({ getData, onFieldErrors });
  latest.current = { getData, onFieldErrors };

  const schedule = useCallback((delay: number, run: () => void) => {
    clearTimeout(timerRef.current);
    timerRef.current = setTimeout(run, delay);
  }, []);

  const keepLocally = useCallback(
    (data: ReportData) =>
      keepPendingDraft({
        organizationId,
        year,
        baseVersion: versionRef.current,
        data,
        baseData: savedDataRef.current,
        changedAt: new Date().toISOString(),
      }),
    [organizationId, year],
  );

  /** What is saved once the last change is sent: nothing held back, or the fields that are. */
  const settled = useCallback((held: string[]): SaveState => (held.length > 0 ? { kind: 'held', fields: held } : { kind: 'saved', at: new Date() }), []);

  const saveOnce = useCallback(async (): Promise<boolean> => {
    const { data, held } = savableDraft(latest.current.getData(), savedDataRef.current);
    const json = stableJson(data);
    if (json === savedJsonRef.current) {
      if (held.length === 0) forgetPendingDraft(organizationId, year, versionRef.current);
      setState((s) => (s.kind === 'idle' && held.length === 0 ? s : settled(held)));
      return held.length === 0;
    }
    if (!navigator.onLine) {
      setState({ kind: 'offline' });
      return false;
    }
    setState({ kind: 'saving' });
    const base = versionRef.current;
    try {
      const { version } = await client.reports.saveDraft.mutate({ organizationId, year, expectedVersion: base, data });
      versionRef.current = version;
      savedJsonRef.current = json;
      savedDataRef.current = data;
      retryRef.current = 0;
      forgetPendingDraft(organizationId, year, base);
      const now = latest.current.getData();
      const next = savableDraft(now, data);
      if (stableJson(next.data) !== json) {
        // Typed while the save was on its way: those changes now sit on top of the new version.
        keepLocally(now);
        setState({ kind: 'pending' });
        schedule(AUTOSAVE_DELAY_MS, () => void saveRef.current());
      } else {
        // What is held back stays on this device until it is corrected.
        if (next.held.length > 0) keepLocally(now);
        setState(settled(next.held));
      }
      return next.held.length === 0;
    } catch (error) {
      const code = errorCodeOf(error);
      if (code === 'CONFLICT') {
        stoppedRef.current = true;
        setState({ kind: 'conflict', message: errorMessageOf(error) });
      } else if (code === 'BAD_REQUEST') {
        latest.current.onFieldErrors(issuesOf(error));
        setState({ kind: 'invalid' });
      } else if (code === 'UNAUTHORIZED') {
        setState({ kind: 'failed', message: i18next.t('report:save.sessionEnded') });
      } else if (code === 'FORBIDDEN' || code === 'NOT_FOUND') {
        stoppedRef.current = true;
        setState({ kind: 'failed', message: errorMessageOf(error) });
      } else {
        const unreachable = !isApiError(error) || !error.data;
        setState(unreachable ? { kind: 'offline' } : { kind: 'failed', message: i18next.t('report:save.retrying', { reason: errorMessageOf(error) }) });
        const delay = RETRY_DELAYS_MS[Math.min(retryRef.current, RETRY_DELAYS_MS.length - 1)]!;
        retryRef.current += 1;
        schedule(delay, () => void saveRef.current());
      }
      return false;
    }
  }, [client, organizationId, year, keepLocally, schedule, settled]);

  /** Saves now (waiting for a save already on its way first). True when everything typed is saved. */
  const save = useCallback(async (): Promise<boolean> => {
    clearTimeout(timerRef.current);
    if (!enabled || stoppedRef.current) return false;
    while (inFlightRef.current) await inFlightRef.current;
    const run = saveOnce();
    inFlightRef.current = run;
    try {
      return await run;
    } finally {
      inFlightRef.current = null;
    }
  }, [enabled, saveOnce]);
  saveRef.current = save;

  /** Call after every change of the form. */
  const notifyChange = useCallback(() => {
    if (!enabled) return;
    const data = latest.current.getData();
    const { data: sendable, held } = savableDraft(data, savedDataRef.current);
    if (stableJson(sendable) === savedJsonRef.current) {
      // Nothing new to send: saved, or saved but for fields in error (kept on this device meanwhile).
      clearTimeout(timerRef.current);
      if (held.length > 0) keepLocally(data);
      else forgetPendingDraft(organizationId, year, versionRef.current);
      if (!stoppedRef.current) setState((s) => (s.kind === 'idle' && held.length === 0 ? s : settled(held)));
      return;
    }
    keepLocally(data);
    if (stoppedRef.current) return;
    if (!navigator.onLine) {
      setState({ kind: 'offline' });
      return;
    }
    setState((s) => (s.kind === 'saving' ? s : { kind: 'pending' }));
    schedule(AUTOSAVE_DELAY_MS, () => void save());
  }, [enabled, organizationId, year, keepLocally, schedule, save, settled]);

  useEffect(() => {
    const online = () => {
      retryRef.current = 0;
      if (stableJson(latest.current.getData()) !== savedJsonRef.current) void save();
    };
    const offline = () => setState((s) => (s.kind === 'pending' || s.kind === 'saving' ? { kind: 'offline' } : s));
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      clearTimeout(timerRef.current);
    };
  }, [save]);

  return {
    state,
    /** The server version the next save will be based on. */
    version: () => versionRef.current,
    hasUnsavedChanges: () => stableJson(latest.current.getData()) !== savedJsonRef.current,
    notifyChange,
    save,
  };
}
