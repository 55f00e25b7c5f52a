// What each commitment and indicator means, in words a signatory reads where the figure is entered.
// These definitions are what makes figures comparable across signatories (SPEC §3): the form shows
// them beside every input, the review desk and the server use the labels to name fields.
import {
  commitments,
  leadershipCategories,
  type Commitment,
  type LeadershipCategory,
  type SectionStatus,
  type SupportArea,
} from './enums.ts';

/** How an indicator is entered: a whole number, an amount in the report currency, yes/no, a set of areas,
 * or a breakdown of whole numbers (partners by leadership). */
export type IndicatorKind = 'count' | 'money' | 'boolean' | 'areas' | 'countBreakdown';

export interface IndicatorDefinition {
  /** The field inside its section, e.g. 'toLocalDirect'. */
  key: string;
  /** Dotted path in the report data, e.g. 'funding.toLocalDirect' (the key of server field errors and comments). */
  path: string;
  commitment: Commitment;
  label: string;
  help: string;
  kind: IndicatorKind;
  /** The field this one is a part of (it may not exceed it), if any. */
  partOf?: string;
}

export interface CommitmentDefinition {
  key: Commitment;
  title: string;
  /** The pledge text, shortened (SPEC §1). */
  pledge: string;
  indicators: IndicatorDefinition[];
}

export const LOCAL_ACTORS_DEFINITION =
  'Local and national actors are national and local NGOs, migrant- and refugee-led organisations, Red Cross and Red Crescent national societies, and national and local government bodies. The pledge counts broadly: organisations led by migrants or host communities, by women, youth or persons with disabilities, informal actors and social movements, community leaders and traditional community governance institutions.';

export const AS_DIRECTLY_AS_POSSIBLE =
  '"As directly as possible" means transferred directly, through a pooled fund that local actors access directly, or through one intermediary (the Grand Bargain definition). Money that passes through two or more intermediaries is recorded but never counted.';

export const NOT_TRANSFERS =
  'Your own direct delivery (cash or in-kind assistance you hand out yourself) and the support costs an intermediary keeps are not transfers to local actors.';

export const sectionStatusLabels: Record<SectionStatus, string> = {
  not_started: 'Not started',
  planning: 'Planning',
  in_progress: 'In progress',
  fulfilled: 'Fulfilled',
  not_applicable: 'Not applicable',
};

export const SECTION_STATUS_HELP =
  'Where you stand on this commitment at the end of the year. "Not applicable" needs a reason; such answers are counted and shown, never dropped.';

export const leadershipCategoryLabels: Record<LeadershipCategory, string> = {
  migrantLed: 'Led by migrants or refugees',
  hostCommunityLed: 'Led by host communities',
  womenLed: 'Led by women',
  youthLed: 'Led by youth',
  disabilityLed: 'Led by persons with disabilities',
  informalOrMovement: 'Informal actors or social movements',
  communityOrTraditional: 'Community leaders or traditional institutions',
};

export const supportAreaLabels: Record<SupportArea, string> = {
  governance_finance: 'Governance and financial management',
  technical_programme: 'Technical and programme quality',
  protection_safeguarding: 'Protection and safeguarding',
  fundraising: 'Fundraising and resource mobilisation',
  advocacy_policy: 'Advocacy and policy influence',
  digital_data: 'Digital skills and data',
  other: 'Other',
};

type Draft = Omit<IndicatorDefinition, 'path' | 'commitment'>;

function section(key: Commitment, title: string, pledge: string, indicators: Draft[]): CommitmentDefinition {
  return {
    key,
    title,
    pledge,
    indicators: indicators.map((i) => ({ ...i, commitment: key, path: `${key}.${i.key}` })),
  };
}

export const commitmentDefinitions: Record<Commitment, CommitmentDefinition> = {
  collaboration: section(
    'collaboration',
    'Collaboration and inclusion',
    'Collaborate with local partners and facilitate their inclusion in local and national initiatives, coordination mechanisms and policy fora.',
    [
      {
        key: 'localPartners',
        label: 'Local and national partners',
        kind: 'count',
        help: `Local and national actors you worked with during the year, with or without a funding agreement; count each organisation once. ${LOCAL_ACTORS_DEFINITION}`,
      },
      {
        key: 'forums',
        label: 'Fora with local participation',
        kind: 'count',
        help: 'Coordination mechanisms or policy fora (for example clusters, working groups, national or local platforms) in which you facilitated the participation of local actors during the year.',
      },
      {
        key: 'forumsCoLed',
        label: 'Fora co-led by a local actor',
        kind: 'count',
        partOf: 'forums',
        help: 'Of those fora, how many a local actor co-led or co-chaired. Cannot exceed the number of fora.',
      },
      {
        key: 'partnersByLeadership',
        label: 'Local partners by leadership',
        kind: 'countBreakdown',
        partOf: 'localPartners',
        help: 'Of your local and national partners, how many are led by each group. A partner may count in several groups, so the figures may add up to more than your partners; none may exceed the number of partners. Enter 0 where there are none.',
      },
    ],
  ),
  funding: section(
    'funding',
    'Funding to local actors',
    'Transfer as high a proportion of funds as possible to local partners and encourage local ownership.',
    [
      {
        key: 'inScopeExpenditure',
        label: 'In-scope expenditure',
        kind: 'money',
        help: 'Your total expenditure on migration and humanitarian programming during the year, in the report currency. This is the whole that the local share is measured against.',
      },
      {
        key: 'toLocalDirect',
        label: 'Transferred directly to local actors',
        kind: 'money',
        help: `Funds you granted or contracted straight to local and national actors, with no organisation in between. Counted in the local share. ${NOT_TRANSFERS}`,
      },
      {
        key: 'toLocalPooled',
        label: 'Through pooled funds local actors access directly',
        kind: 'money',
        help: 'Your contributions to pooled funds (such as country-based pooled funds) that local and national actors can access directly. Counted in the local share.',
      },
      {
        key: 'toLocalOneIntermediary',
        label: 'Through one intermediary',
        kind: 'money',
        help: `Funds that reached local and national actors through exactly one intermediary (for example an international NGO that sub-grants to a local partner). Count what reached the local actor, not the intermediary's support costs. Counted in the local share. ${AS_DIRECTLY_AS_POSSIBLE}`,
      },
      {
        key: 'toLocalTwoPlusIntermediaries',
        label: 'Through two or more intermediaries',
        kind: 'money',
        help: 'Funds that reached local and national actors only after passing through two or more intermediaries. Recorded for transparency but never counted in the local share. All four channels together may not exceed the in-scope expenditure.',
      },
      {
        key: 'multiYearToLocal',
        label: 'Of which under multi-year agreements',
        kind: 'money',
        partOf: 'countedLocalFunding',
        help: 'The part of the counted transfers (direct, pooled fund and one intermediary) made under agreements covering two years or more. Cannot exceed the counted local funding.',
      },
    ],
  ),
  needs: section(
    'needs',
    'Identifying needs together',
    'Work together with local actors to identify needs and priorities for action.',
    [
      {
        key: 'assessmentsTotal',
        label: 'Needs assessments and planning processes',
        kind: 'count',
        help: 'Needs assessments and planning processes you ran during the year.',
      },
      {
        key: 'assessmentsJoint',
        label: 'Of which identified with local actors',
        kind: 'count',
        partOf: 'assessmentsTotal',
        help: 'Of those, the ones in which needs and priorities were identified together with local actors, not only reported to them. Cannot exceed the total.',
      },
    ],
  ),
  credit: section(
    'credit',
    'Credit to local actors',
    'Ensure that all public materials give due credit to the work of local actors, in accordance with their wishes.',
    [
      {
        key: 'hasCreditPolicy',
        label: 'Crediting policy in place',
        kind: 'boolean',
        help: 'Whether you have a written policy or guidance on how public materials credit local partners.',
      },
      {
        key: 'publicationsReviewed',
        label: 'Public materials reviewed',
        kind: 'count',
        help: 'Public materials (reports, appeals, web stories, social media campaigns and the like) you reviewed during the year for how they credit local actors. Leave out materials about partners who asked not to be named.',
      },
      {
        key: 'publicationsCrediting',
        label: 'Of which credit local partners as they wished',
        kind: 'count',
        partOf: 'publicationsReviewed',
        help: 'Of the materials reviewed, those that credit local partners in the way the partners wished. Partners who asked not to be named are left out of both figures. Cannot exceed the materials reviewed.',
      },
    ],
  ),
  capacity: section(
    'capacity',
    'Capacity strengthening on request',
    'Where support is requested, strengthen the organisational and technical capacities of local and national partners.',
    [
      {
        key: 'requestsReceived',
        label: 'Requests received from local partners',
        kind: 'count',
        help: 'Requests for capacity strengthening that local and national partners made to you during the year. Local actors are best placed to determine their own needs, so count what partners asked for, not what you offered.',
      },
      {
        key: 'requestsSupported',
        label: 'Of which supported',
        kind: 'count',
        partOf: 'requestsReceived',
        help: 'Of those requests, the ones you supported. Cannot exceed the requests received.',
      },
      {
        key: 'capacitySpend',
        label: 'Spent on capacity strengthening',
        kind: 'money',
        help: "What you spent during the year on strengthening local and national partners' capacities, in the report currency.",
      },
      {
        key: 'supportAreas',
        label: 'Areas supported',
        kind: 'areas',
        help: 'Every area in which you supported partners during the year.',
      },
    ],
  ),
};

export const commitmentList: CommitmentDefinition[] = commitments.map((k) => commitmentDefinitions[k]);

const indicatorsByPath: ReadonlyMap<string, IndicatorDefinition> = new Map(
  commitmentList.flatMap((c) => c.indicators.map((i) => [i.path, i] as const)),
);

export function indicatorAt(path: string): IndicatorDefinition | undefined {
  return indicatorsByPath.get(path);
}

const sectionFieldLabels: Record<string, string> = {
  status: 'Status',
  narrative: 'Narrative',
  notApplicableReason: 'Why not applicable',
};

/** A readable name for a dotted field path, e.g. 'funding.toLocalDirect' → 'Funding to local actors: Transferred directly…'. */
export function fieldLabel(path: string): string {
  if (path === 'currency') return 'Report currency';
  const [head, field, sub] = path.split('.');
  const commitment = commitmentDefinitions[head as Commitment];
  if (!commitment) return path;
  if (!field) return commitment.title;
  const own = sectionFieldLabels[field] ?? indicatorAt(`${head}.${field}`)?.label ?? field;
  const part =
    sub && (leadershipCategories as readonly string[]).includes(sub)
      ? ` — ${leadershipCategoryLabels[sub as LeadershipCategory]}`
      : sub
        ? ` — ${sub}`
        : '';
  return `${commitment.title}: ${own}${part}`;
}
