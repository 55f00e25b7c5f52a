// Words for the pledge's enums, as people read them, in the reader's language (common catalogue). One
// place, so every page names things alike and the catalogue test knows each family of dynamic keys.
import type { TFunction } from 'i18next';
import type {
  Commitment,
  LeadershipCategory,
  OrganizationType,
  Region,
  ReportStatus,
  Role,
  SectionStatus,
  SupportArea,
  SuppressionReason,
  TypeGroup,
  Viewer,
} from '@lpt/shared/enums';
import { SUPPRESSION_THRESHOLD } from '@lpt/shared/enums';

export const organizationTypeLabel = (t: TFunction, v: OrganizationType) => t(`common:organizationType.${v}`);
export const regionLabel = (t: TFunction, v: Region) => t(`common:region.${v}`);
export const typeGroupLabel = (t: TFunction, v: TypeGroup) => t(`common:typeGroup.${v}`);
export const commitmentLabel = (t: TFunction, v: Commitment) => t(`common:commitment.${v}`);
export const reportStatusLabel = (t: TFunction, v: ReportStatus) => t(`common:reportStatus.${v}`);
export const roleLabel = (t: TFunction, v: Role) => t(`common:role.${v}`);
export const viewerLabel = (t: TFunction, v: Viewer) => t(`common:viewer.${v}`);
export const sectionStatusLabel = (t: TFunction, v: SectionStatus) => t(`common:sectionStatus.${v}`);
export const leadershipCategoryLabel = (t: TFunction, v: LeadershipCategory) => t(`common:leadership.${v}`);
export const supportAreaLabel = (t: TFunction, v: SupportArea) => t(`common:supportArea.${v}`);

/** A money figure of the summary by its path ('funding.pooledUsd' → "Funding through pooled funds"); an unknown path as it is. */
export function moneyFigureLabel(t: TFunction, path: string): string {
  const key = path.replaceAll('.', '_');
  return t(`common:moneyFigure.${key}`, { defaultValue: path });
}

/**
 * Why a figure is withheld, without the word "withheld" ("fewer than 5 reporting"): for a sentence that says
 * "withheld" itself ("Every year is withheld: {{reasons}}"), so the word is never said twice.
 */
export const withheldReason = (t: TFunction, reason: SuppressionReason) => t(`common:withheld.${reason}`, { count: SUPPRESSION_THRESHOLD });

/** What a withheld figure says instead of a number, in the reader's language: "Withheld: fewer than 5 reporting". */
export const withheldLabel = (t: TFunction, reason: SuppressionReason) => t('common:withheldWhy', { reason: withheldReason(t, reason) });

/** A withheld figure's reason in a few words, for a chart's placeholder bar ("fewer than 5 reporting"). */
export const withheldShortLabel = (t: TFunction, reason: SuppressionReason) => t(`common:withheldShort.${reason}`, { count: SUPPRESSION_THRESHOLD });

/** Why an aggregate is withheld, in a few words, after "Withheld:" (no "withheld" twice). */
export function withheldShortOf(t: TFunction, summary: { suppressedBecause: SuppressionReason | null }): string {
  return withheldShortLabel(t, summary.suppressedBecause ?? 'fewer_than_5');
}

/** Why an aggregate is withheld, without the word "withheld", for a sentence that says it (withheldReason). */
export function withheldReasonOf(t: TFunction, summary: { suppressedBecause: SuppressionReason | null }): string {
  return withheldReason(t, summary.suppressedBecause ?? 'fewer_than_5');
}

/** What a withheld aggregate says instead of its figures: too few reporting, or protecting such a group. */
export function withheldTextOf(t: TFunction, summary: { suppressedBecause: SuppressionReason | null }): string {
  return withheldLabel(t, summary.suppressedBecause ?? 'fewer_than_5');
}

/**
 * Why one figure of a summary is not shown: the whole summary is withheld (its reason), the figure is
 * withheld on its own ('alone'), or null when it is shown.
 */
export function figureWithheld(
  summary: { suppressedBecause: SuppressionReason | null; withheldFigures: readonly string[] },
  path: string,
): SuppressionReason | 'alone' | null {
  if (summary.suppressedBecause) return summary.suppressedBecause;
  return summary.withheldFigures.includes(path) ? 'alone' : null;
}

/**
 * A cell of a release's table ('' = all): "Africa, Local NGO", "Africa, Local and national actors" (a type
 * group's cell), "All regions, all organisation types".
 */
export function cellLabel(t: TFunction, cell: { region: Region | ''; organizationType: OrganizationType | ''; typeGroup?: TypeGroup | '' | undefined }): string {
  const type = cell.organizationType
    ? organizationTypeLabel(t, cell.organizationType)
    : cell.typeGroup
      ? typeGroupLabel(t, cell.typeGroup)
      : t('common:allOrganizationTypesLower');
  return t('common:cell', { region: cell.region ? regionLabel(t, cell.region) : t('common:allRegions'), type });
}

/** A country's name in the reader's language (Intl knows XK, Kosovo, too). */
export function countryLabel(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
