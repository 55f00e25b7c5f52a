// An organisation's own figures (metrics.organizations, its rows in the downloads and the release basis),
// from the report-field catalogue: its money figures in US dollars and its own shares of money fields.
// Apart from shared/src/figures.ts so that the dashboard's bundle, which needs none of it, stays small.
import { derivedWholes, fieldPath, reportFields, type ReportField, type ReportFieldRow } from './report/fields.ts';
import type { MoneyPath } from './figures.ts';

type Row = ReportFieldRow;
type LastStep<P> = P extends `${string}.${infer R}` ? LastStep<R> : P;
/** An organisation's own money figure, named by its figure's last step ('funding.directUsd' → 'directUsd'). */
export type OrganizationMoneyKey = LastStep<MoneyPath>;
/** An organisation's own share of a money field with a share, named by the share's last step ('directShare'). */
export type OrganizationShareKey = LastStep<Extract<Row, { kind: 'money'; share: string }>['share']>;
const lastStep = (path: string) => path.slice(path.lastIndexOf('.') + 1);

export interface OrganizationMoney {
  readonly key: OrganizationMoneyKey;
  readonly path: MoneyPath;
  /** The field it is the amount of, or else the derived whole's path (counted local funding). */
  readonly field?: ReportField;
  readonly whole?: string;
}
/**
 * An organisation's own money figures in US dollars, in the catalogue's order, a derived whole's right
 * after its `shareOf` (in-scope expenditure, counted local funding, direct, …).
 */
export const organizationMoney: readonly OrganizationMoney[] = (reportFields as readonly ReportField[]).flatMap((f) =>
  f.kind !== 'money' || !f.figure
    ? []
    : [
        { key: lastStep(f.figure), path: f.figure, field: f } as OrganizationMoney,
        ...Object.entries(derivedWholes)
          .filter(([, w]) => w.shareOf === fieldPath(f))
          .map(([whole, w]) => ({ key: lastStep(w.figure), path: w.figure, whole }) as OrganizationMoney),
      ],
);
/** An organisation's own shares of the money fields with a share: the field ÷ its whole, in its own currency. */
export const organizationShares: readonly { readonly key: OrganizationShareKey; readonly field: ReportField }[] = (
  reportFields as readonly ReportField[]
)
  .filter((f) => f.kind === 'money' && f.share)
  .map((f) => ({ key: lastStep(f.share!) as OrganizationShareKey, field: f }));
