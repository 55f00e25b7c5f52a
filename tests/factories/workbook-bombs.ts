// Hostile .xlsx files, built here with fflate (a few KB to 1 MB each, nothing on disk): what issue 17 saw
// sink the server, each made just past one of the import's bounds (server/src/features/imports/import-files.ts).
import { zipSync, type Zippable } from 'fflate';
import { WORKBOOK_MAX_PARTS, WORKBOOK_MAX_SHARED_STRINGS, WORKBOOK_MAX_UNPACKED_MB } from '@lpt/server/features/imports/import-files';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const text = (s: string) => new TextEncoder().encode(s);

/** A workbook of one sheet, with these rows (sheet XML) and shared strings; the sheet before the strings, as exceljs dislikes. */
export function workbookOf(rowsXml: string, sharedStrings?: string[], more: Zippable = {}): Uint8Array {
  const files: Zippable = {
    '[Content_Types].xml': text('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': text(`<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${RELS}"><sheets><sheet name="Reports" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': text(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    'xl/worksheets/sheet1.xml': text(`<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${rowsXml}</sheetData></worksheet>`),
    ...more,
  };
  if (sharedStrings)
    files['xl/sharedStrings.xml'] = text(
      `<?xml version="1.0"?><sst xmlns="${MAIN}" count="${sharedStrings.length}">${sharedStrings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`,
    );
  return zipSync(files, { level: 9 });
}

const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>organization</t></is></c><c r="B1" t="inlineStr"><is><t>year</t></is></c></row>';

/** More shared strings than the limit, each different (so that it packs like text, not like a bomb). */
export function sharedStringsBomb(): Uint8Array {
  const strings = Array.from({ length: WORKBOOK_MAX_SHARED_STRINGS + 1 }, (_, i) => `s${i}`);
  return workbookOf('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', strings);
}

/** A header, then blank rows past the row limit (100,000 of them: 2 MB of XML, ~200 KB packed). */
export function blankRowsBomb(rows = 100_000): Uint8Array {
  const blank = Array.from({ length: rows }, (_, i) => `<row r="${i + 2}"/>`).join('');
  return workbookOf(header + blank);
}

/** One part that unpacks to 8 MB of the same byte: a thousand times its packed size. */
export function ratioBomb(): Uint8Array {
  return workbookOf(header, undefined, { 'xl/media/padding.bin': new Uint8Array(8 * 1024 * 1024).fill(0x20) });
}

/** Parts of 1 MB each (too small for their ratio to be checked) that unpack past the total limit. */
export function unpackedSizeBomb(): Uint8Array {
  const more: Zippable = {};
  for (let i = 0; i <= WORKBOOK_MAX_UNPACKED_MB; i++) more[`xl/media/part${i}.bin`] = new Uint8Array(1024 * 1024).fill(0x20);
  return workbookOf(header, undefined, more);
}

/** More parts than any workbook has. */
export function partsBomb(): Uint8Array {
  const more: Zippable = {};
  for (let i = 0; i < WORKBOOK_MAX_PARTS; i++) more[`xl/media/p${i}.txt`] = text('x');
  return workbookOf(header, undefined, more);
}

/** A legitimate workbook at the limits: a header and `rows` rows of 100 text cells (seconds to read at 2,000). */
export function workbookAtTheLimits(rows: number, columns = 100): Uint8Array {
  const column = (i: number) => (i < 26 ? '' : String.fromCharCode(64 + Math.floor(i / 26))) + String.fromCharCode(65 + (i % 26));
  const row = (r: number) =>
    `<row r="${r}">${Array.from({ length: columns }, (_, c) => `<c r="${column(c)}${r}" t="inlineStr"><is><t>r${r}c${c}</t></is></c>`).join('')}</row>`;
  return workbookOf(Array.from({ length: rows + 1 }, (_, i) => row(i + 1)).join(''));
}
