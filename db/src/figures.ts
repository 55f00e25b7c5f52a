// The mapping between a report's data as the API carries it (nested sections, shared/src/report.ts) and
// the flat figure columns that progress_reports and approved_reports share (ReportFigures in schema.ts).
// Pure and exact, so that data → row → data gives back what went in. The one normalisation: a
// partnersByLeadership object whose seven counts are all null is stored as seven nulls and comes back as
// null (the database cannot tell the two apart, and both mean "not entered").
import { leadershipCategories, type LeadershipCategory } from '@lpt/shared/enums';
import type { ReportData } from '@lpt/shared/report';
import type { ReportFigures } from './schema.ts';

/** The column of each leadership category, in the order of leadershipCategories. */
export const partnerColumns = {
  migrantLed: 'partnersMigrantLed',
  hostCommunityLed: 'partnersHostCommunityLed',
  womenLed: 'partnersWomenLed',
  youthLed: 'partnersYouthLed',
  disabilityLed: 'partnersDisabilityLed',
  informalOrMovement: 'partnersInformalOrMovement',
  communityOrTraditional: 'partnersCommunityOrTraditional',
} as const satisfies Record<LeadershipCategory, keyof ReportFigures>;

/** Every figure column, in schema order: for explicit select lists and copies between the two tables. */
export const figureColumns = [
  'currency',
  'collaborationStatus',
  'collaborationNarrative',
  'collaborationNotApplicableReason',
  'localPartners',
  'forums',
  'forumsCoLed',
  'partnersMigrantLed',
  'partnersHostCommunityLed',
  'partnersWomenLed',
  'partnersYouthLed',
  'partnersDisabilityLed',
  'partnersInformalOrMovement',
  'partnersCommunityOrTraditional',
  'fundingStatus',
  'fundingNarrative',
  'fundingNotApplicableReason',
  'inScopeExpenditure',
  'toLocalDirect',
  'toLocalPooled',
  'toLocalOneIntermediary',
  'toLocalTwoPlusIntermediaries',
  'multiYearToLocal',
  'needsStatus',
  'needsNarrative',
  'needsNotApplicableReason',
  'assessmentsTotal',
  'assessmentsJoint',
  'creditStatus',
  'creditNarrative',
  'creditNotApplicableReason',
  'hasCreditPolicy',
  'publicationsReviewed',
  'publicationsCrediting',
  'capacityStatus',
  'capacityNarrative',
  'capacityNotApplicableReason',
  'requestsReceived',
  'requestsSupported',
  'capacitySpend',
  'supportAreas',
] as const satisfies readonly (keyof ReportFigures)[];

// Compile-time check that figureColumns lists every column of ReportFigures.
type MissingFigureColumn = Exclude<keyof ReportFigures, (typeof figureColumns)[number]>;
const everyFigureColumnListed: MissingFigureColumn extends never ? true : MissingFigureColumn = true;
void everyFigureColumnListed;

export function figuresFromData(data: ReportData): ReportFigures {
  const { collaboration: c, funding: f, needs: n, credit: cr, capacity: cap } = data;
  const partners = c.partnersByLeadership;
  return {
    currency: data.currency,
    collaborationStatus: c.status,
    collaborationNarrative: c.narrative,
    collaborationNotApplicableReason: c.notApplicableReason,
    localPartners: c.localPartners,
    forums: c.forums,
    forumsCoLed: c.forumsCoLed,
    partnersMigrantLed: partners?.migrantLed ?? null,
    partnersHostCommunityLed: partners?.hostCommunityLed ?? null,
    partnersWomenLed: partners?.womenLed ?? null,
    partnersYouthLed: partners?.youthLed ?? null,
    partnersDisabilityLed: partners?.disabilityLed ?? null,
    partnersInformalOrMovement: partners?.informalOrMovement ?? null,
    partnersCommunityOrTraditional: partners?.communityOrTraditional ?? null,
    fundingStatus: f.status,
    fundingNarrative: f.narrative,
    fundingNotApplicableReason: f.notApplicableReason,
    inScopeExpenditure: f.inScopeExpenditure,
    toLocalDirect: f.toLocalDirect,
    toLocalPooled: f.toLocalPooled,
    toLocalOneIntermediary: f.toLocalOneIntermediary,
    toLocalTwoPlusIntermediaries: f.toLocalTwoPlusIntermediaries,
    multiYearToLocal: f.multiYearToLocal,
    needsStatus: n.status,
    needsNarrative: n.narrative,
    needsNotApplicableReason: n.notApplicableReason,
    assessmentsTotal: n.assessmentsTotal,
    assessmentsJoint: n.assessmentsJoint,
    creditStatus: cr.status,
    creditNarrative: cr.narrative,
    creditNotApplicableReason: cr.notApplicableReason,
    hasCreditPolicy: cr.hasCreditPolicy,
    publicationsReviewed: cr.publicationsReviewed,
    publicationsCrediting: cr.publicationsCrediting,
    capacityStatus: cap.status,
    capacityNarrative: cap.narrative,
    capacityNotApplicableReason: cap.notApplicableReason,
    requestsReceived: cap.requestsReceived,
    requestsSupported: cap.requestsSupported,
    capacitySpend: cap.capacitySpend,
    supportAreas: cap.supportAreas ? [...cap.supportAreas] : null,
  };
}

/** Reads the figure columns of any row that has them (extra columns, such as id or status, are ignored). */
export function dataFromFigures(row: ReportFigures): ReportData {
  const partnerValues = leadershipCategories.map((k) => row[partnerColumns[k]] ?? null);
  const partnersByLeadership = partnerValues.every((v) => v == null)
    ? null
    : (Object.fromEntries(leadershipCategories.map((k, i) => [k, partnerValues[i]])) as Record<
        LeadershipCategory,
        number | null
      >);
  return {
    currency: row.currency,
    collaboration: {
      status: row.collaborationStatus,
      narrative: row.collaborationNarrative,
      notApplicableReason: row.collaborationNotApplicableReason,
      localPartners: row.localPartners,
      forums: row.forums,
      forumsCoLed: row.forumsCoLed,
      partnersByLeadership,
    },
    funding: {
      status: row.fundingStatus,
      narrative: row.fundingNarrative,
      notApplicableReason: row.fundingNotApplicableReason,
      inScopeExpenditure: row.inScopeExpenditure,
      toLocalDirect: row.toLocalDirect,
      toLocalPooled: row.toLocalPooled,
      toLocalOneIntermediary: row.toLocalOneIntermediary,
      toLocalTwoPlusIntermediaries: row.toLocalTwoPlusIntermediaries,
      multiYearToLocal: row.multiYearToLocal,
    },
    needs: {
      status: row.needsStatus,
      narrative: row.needsNarrative,
      notApplicableReason: row.needsNotApplicableReason,
      assessmentsTotal: row.assessmentsTotal,
      assessmentsJoint: row.assessmentsJoint,
    },
    credit: {
      status: row.creditStatus,
      narrative: row.creditNarrative,
      notApplicableReason: row.creditNotApplicableReason,
      hasCreditPolicy: row.hasCreditPolicy,
      publicationsReviewed: row.publicationsReviewed,
      publicationsCrediting: row.publicationsCrediting,
    },
    capacity: {
      status: row.capacityStatus,
      narrative: row.capacityNarrative,
      notApplicableReason: row.capacityNotApplicableReason,
      requestsReceived: row.requestsReceived,
      requestsSupported: row.requestsSupported,
      capacitySpend: row.capacitySpend,
      supportAreas: row.supportAreas ? [...row.supportAreas] : null,
    },
  };
}
