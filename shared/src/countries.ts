// ISO 3166-1 alpha-2 codes grouped by UN M49 region (plus XK for Kosovo, which M49 places in Europe).
// Names come from Intl.DisplayNames at run time, so only the codes live here.
import type { Region } from './enums.ts';

const codesByRegion: Record<Region, string> = {
  africa:
    'DZ AO BJ BW IO BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET TF GA GM GH GN GW KE LS LR LY MG MW ML MR MU YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW',
  americas:
    'AI AG AR AW BS BB BZ BM BO BQ BV BR CA KY CL CO CR CU CW DM DO EC SV FK GF GL GD GP GT GY HT HN JM MQ MX MS NI PA PY PE PR BL KN LC MF PM VC SX GS SR TT TC US UY VE VG VI',
  asia:
    'AF AM AZ BH BD BT BN KH CN CY GE HK IN ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV MN MM NP KP OM PK PS PH QA SA SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE',
  europe:
    'AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE XK LV LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB',
  oceania:
    'AS AU CX CC CK FJ PF GU HM KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV UM VU WF',
};

export const regionByCountry: ReadonlyMap<string, Region> = new Map(
  (Object.entries(codesByRegion) as [Region, string][]).flatMap(([region, codes]) =>
    codes.split(' ').map((code) => [code, region] as const),
  ),
);

export const countryCodes: readonly string[] = [...regionByCountry.keys()].sort();

export function regionOf(country: string): Region | undefined {
  return regionByCountry.get(country);
}

export const KOSOVO_FOOTNOTE =
  'References to Kosovo shall be understood to be in the context of United Nations Security Council resolution 1244 (1999).';

const displayNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** The English name of a country code, with Kosovo's name as the UN writes it. */
export function countryName(country: string): string {
  if (country === 'XK') return 'Kosovo*';
  return displayNames.of(country) ?? country;
}
