// The warnings the submit box lists, and the justifications sent with a submit. The page works out the
// warnings live from the figures as typed (shared reportWarnings); it keeps a warning only the server can
// work out (a share jump against an older approved report the page does not have) and any warning the
// server named on a refused submit.
import type { ReportWarning, WarningCode } from '@lpt/shared/report';

export type Justifications = Partial<Record<WarningCode, string>>;

export function reconcileWarnings(
  live: readonly ReportWarning[],
  server: readonly ReportWarning[],
  hasLastApproved: boolean,
  namedByServer: ReadonlySet<string>,
): ReportWarning[] {
  const extra = server.filter(
    (w) => !live.some((l) => l.code === w.code) && ((w.code === 'share_jump' && !hasLastApproved) || namedByServer.has(w.code)),
  );
  return [...live, ...extra];
}

/** The warnings still waiting for a justification. */
export function unjustified(warnings: readonly ReportWarning[], justifications: Justifications): ReportWarning[] {
  return warnings.filter((w) => !justifications[w.code]?.trim());
}

/** What a submit sends: the written justifications of the warnings that stand now (an old one is dropped). */
export function justificationsToSend(warnings: readonly ReportWarning[], justifications: Justifications): Justifications {
  const codes = new Set(warnings.map((w) => w.code));
  return Object.fromEntries(
    Object.entries(justifications).filter(([code, text]) => codes.has(code as WarningCode) && text?.trim()),
  ) as Justifications;
}
