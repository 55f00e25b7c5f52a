// How a release is cited: its permanent address and its citation as text, BibTeX, RIS and CSL-JSON. Shared
// so that the release page (client) and its data package (server) cite it alike; the words (the title, the
// secretariat's name) come translated from the caller.

/** The permanent page of a release: releases are never changed, so the address always shows the same figures. */
export const releasePath = (year: number, number: number) => `/releases/${year}/${number}`;

/** Where a release's files live: under its page, so that a data package's relative paths resolve. */
export const releaseFilePath = (year: number, number: number, file: string) => `${releasePath(year, number)}/${file}`;

/** The licence the released figures are published under (a release's page and its data package say it). */
export const dataLicence = {
  name: 'CC-BY-4.0',
  path: 'https://creativecommons.org/licenses/by/4.0/',
  title: 'Creative Commons Attribution 4.0 International',
} as const;

export interface Citation {
  /** Who publishes the figures: the pledge's secretariat. */
  author: string;
  title: string;
  year: number;
  number: number;
  /** ISO 8601 date-time of publication. */
  publishedAt: string;
  /** The permanent address (absolute). */
  url: string;
  /** The date the reader looked (YYYY-MM-DD), for the "accessed" part. */
  accessed: string;
}

/** A key for reference managers: lpt2025r1. */
const keyOf = (c: Citation) => `lpt${c.year}r${c.number}`;
const bibtexText = (value: string) => value.replace(/[\\{}]/g, '');

export function bibtexOf(c: Citation): string {
  return [
    `@misc{${keyOf(c)},`,
    `  author = {{${bibtexText(c.author)}}},`,
    `  title = {${bibtexText(c.title)}},`,
    `  year = {${c.publishedAt.slice(0, 4)}},`,
    `  date = {${c.publishedAt.slice(0, 10)}},`,
    `  version = {${c.number}},`,
    `  url = {${c.url}},`,
    `  urldate = {${c.accessed}},`,
    '}',
  ].join('\n');
}

export function risOf(c: Citation): string {
  return [
    'TY  - DATA',
    `AU  - ${c.author}`,
    `TI  - ${c.title}`,
    `PY  - ${c.publishedAt.slice(0, 4)}`,
    `DA  - ${c.publishedAt.slice(0, 10).replaceAll('-', '/')}`,
    `ET  - ${c.number}`,
    `UR  - ${c.url}`,
    `Y2  - ${c.accessed.replaceAll('-', '/')}`,
    'ER  - ',
  ].join('\r\n');
}

/** CSL-JSON (Zotero, Pandoc, citeproc): one item of type dataset. */
export function cslJsonOf(c: Citation) {
  const parts = (iso: string) => [iso.slice(0, 10).split('-').map(Number)];
  return {
    id: keyOf(c),
    type: 'dataset',
    author: [{ literal: c.author }],
    title: c.title,
    version: String(c.number),
    issued: { 'date-parts': parts(c.publishedAt) },
    accessed: { 'date-parts': parts(c.accessed) },
    URL: c.url,
  };
}
