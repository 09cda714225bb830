/**
 * The text drawn in a PDF made by functions/adapters/documents/contract-pdf.ts, for assertions:
 * inflates every FlateDecode stream and decodes the hex strings of its Tj operators
 * (pdf-lib writes standard-font text as <hex> Tj, one byte per WinAnsi character).
 */
import { inflateSync } from 'node:zlib';

export function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString('latin1');
  const lines: string[] = [];
  const streams = /stream\r?\n/g;
  for (let match = streams.exec(raw); match; match = streams.exec(raw)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    let content: string;
    try {
      content = inflateSync(Buffer.from(raw.slice(start, end), 'latin1')).toString('latin1');
    } catch {
      content = raw.slice(start, end);
    }
    for (const text of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) lines.push(Buffer.from(text[1] ?? '', 'hex').toString('latin1'));
    for (const text of content.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj/g)) lines.push(text[1] ?? '');
  }
  return lines.join('\n');
}

/** How many pages the document has (its /Type /Page objects). */
export function pdfPageCount(bytes: Uint8Array): number {
  return (Buffer.from(bytes).toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}
