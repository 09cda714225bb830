/**
 * The text of a PDF made by functions/adapters/documents/pdf-document.ts, for assertions:
 * poppler's `pdftotext` (Debian's poppler-utils, installed by .ci/run) reads it as a PDF
 * reader would, through the embedded font's character map, so Chinese comes out as Chinese
 * only when the font really carries it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function pdfText(bytes: Uint8Array): string {
  const folder = mkdtempSync(join(tmpdir(), 'pdf-text-'));
  try {
    const file = join(folder, 'document.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', '-raw', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** How many pages the document has (its /Type /Page objects). */
export function pdfPageCount(bytes: Uint8Array): number {
  return (Buffer.from(bytes).toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}
