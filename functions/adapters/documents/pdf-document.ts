/**
 * The platform's one PDF module: A4 pages of text and tables in Noto Sans SC, so that
 * Chinese (借款合同, a masked name such as 张*) renders as Chinese, for the loan contract
 * (contract-pdf.ts) and the investors' statements (statement-pdf.ts).
 *
 * The font comes from the npm package @expo-google-fonts/noto-sans-sc (Noto Sans SC,
 * TrueType outlines, SIL Open Font License), regular and bold; @pdf-lib/fontkit embeds
 * a subset of only the glyphs a document uses, so a contract stays tens of kilobytes,
 * not the font's 10 MB. On AWS the handler bundle carries the two files in `fonts/`
 * beside it (lib/constructs/handler-bundles.ts); elsewhere they are read from the package.
 * pdf-lib and fontkit themselves (pdf-engine.ts) load with the first document, so a
 * handler's cold start does not parse them: on AWS from their own bundle beside the
 * handler's, elsewhere from the module.
 *
 * The bytes are deterministic: the same content always gives the same PDF (and the same
 * SHA-256): the dates are parameters, the producer and creator fixed, no document id,
 * pdf-lib's font-name tags come from a fixed seed, and objects are written in order.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { bundledFontFolder, bundledPdfEngineFile, pdfFontFiles, pdfFontPackage } from './pdf-fonts';
import type * as PdfEngine from './pdf-engine';

const pageSize: [number, number] = [595.28, 841.89]; // A4 in points
const margin = 50;
const fontSize = 9;
const lineHeight = 13;

/** A file that a renderer's bundle carries beside it on AWS (fonts/, the engine), if it is there. */
function besideBundle(...path: string[]): string | undefined {
  const file = join(dirname(fileURLToPath(import.meta.url)), ...path);
  return existsSync(file) ? file : undefined;
}

/** Where a font file is: beside the bundle on AWS (fonts/), else in the npm package. */
function fontPath(file: string): string {
  return besideBundle(bundledFontFolder, file.slice(file.lastIndexOf('/') + 1)) ?? createRequire(import.meta.url).resolve(`${pdfFontPackage}/${file}`);
}

let engine: Promise<typeof PdfEngine> | undefined;
/** Loaded once per process: the engine's own bundle beside this one on AWS, else pdf-engine.ts (the twin, the tests). */
const loadEngine = (): Promise<typeof PdfEngine> => {
  if (!engine) {
    const bundled = besideBundle(bundledPdfEngineFile);
    // A specifier computed before the import() (esbuild follows a ternary's string branches inside
    // one): esbuild leaves it alone rather than bundle the engine into the handler.
    const specifier = bundled ? pathToFileURL(bundled).href : './pdf-engine.ts';
    engine = import(specifier) as Promise<typeof PdfEngine>;
    engine.catch(() => (engine = undefined));
  }
  return engine;
};

let fontBytes: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;
/** Read once per process (a warm Lambda keeps them). */
const loadFonts = () =>
  (fontBytes ??= Promise.all([readFile(fontPath(pdfFontFiles.regular)), readFile(fontPath(pdfFontFiles.bold))]).then(([regular, bold]) => ({ regular, bold })));

/** Control characters (a tab, a newline inside a value) become a space: the writer lays out its own lines. */
export const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f]/g, ' ');

/** A run of CJK characters breaks between any two of them; other text at spaces. */
const tokens = (text: string): string[] => text.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+/g) ?? [];

export interface PdfMetadata {
  readonly title: string;
  readonly subject: string;
  readonly author: string;
  readonly keywords: readonly string[];
  /** Producer and creator. */
  readonly producer: string;
  /** The document's creation and modification date. */
  readonly at: Date;
}

export interface Cell {
  readonly x: number;
  readonly text: string;
  readonly width?: number;
  readonly align?: 'left' | 'right';
}

/** A table's column: where it starts, how wide it is, its heading, and whether its cells are right-aligned (amounts). */
export interface Column {
  readonly x: number;
  readonly width: number;
  readonly label: string;
  readonly align?: 'left' | 'right';
}

/** Writes lines top to bottom, starting a new page when the current one is full. */
export class PdfWriter {
  private page!: PDFPage;
  private y = 0;
  private readonly pages: PDFPage[] = [];

  private constructor(
    private readonly document: PDFDocument,
    private readonly fonts: { readonly regular: PDFFont; readonly bold: PDFFont },
    private readonly colors: { readonly text: Color; readonly footer: Color },
  ) {
    this.newPage();
  }

  static async create(metadata: PdfMetadata): Promise<PdfWriter> {
    const { PDFDocument, rgb, fontkit } = await loadEngine();
    const document = await PDFDocument.create({ updateMetadata: false });
    document.registerFontkit(fontkit);
    document.setTitle(metadata.title);
    document.setSubject(metadata.subject);
    document.setAuthor(metadata.author);
    document.setKeywords([...metadata.keywords]);
    document.setProducer(metadata.producer);
    document.setCreator(metadata.producer);
    document.setCreationDate(metadata.at);
    document.setModificationDate(metadata.at);
    const bytes = await loadFonts();
    const [regular, bold] = [await document.embedFont(bytes.regular, { subset: true }), await document.embedFont(bytes.bold, { subset: true })];
    return new PdfWriter(document, { regular, bold }, { text: rgb(0, 0, 0), footer: rgb(0.35, 0.35, 0.35) });
  }

  private newPage(): void {
    this.page = this.document.addPage(pageSize);
    this.pages.push(this.page);
    this.y = pageSize[1] - margin;
  }

  private room(lines: number): void {
    if (this.y - lines * lineHeight < margin + lineHeight) this.newPage();
  }

  /** One line of cells at x offsets from the left margin; a right-aligned cell ends at x + width. */
  row(cells: readonly Cell[], bold = false): void {
    this.room(1);
    const font = bold ? this.fonts.bold : this.fonts.regular;
    for (const cell of cells) {
      const text = printable(cell.text);
      const width = font.widthOfTextAtSize(text, fontSize);
      const x = margin + cell.x + (cell.align === 'right' && cell.width !== undefined ? cell.width - width : 0);
      this.page.drawText(text, { x, y: this.y, size: fontSize, font, color: this.colors.text });
    }
    this.y -= lineHeight;
  }

  /** One row of a table: `values[i]` in `columns[i]`. */
  tableRow(columns: readonly Column[], values: readonly string[], bold = false): void {
    this.row(
      columns.map((column, index) => ({ x: column.x, width: column.width, text: values[index] ?? '', align: column.align ?? 'left' })),
      bold,
    );
  }

  /** A paragraph wrapped to the text width: at spaces, and between CJK characters. */
  paragraph(text: string, options: { bold?: boolean; size?: number } = {}): void {
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const size = options.size ?? fontSize;
    const width = pageSize[0] - 2 * margin;
    let line = '';
    const flush = () => {
      this.room(1);
      this.page.drawText(line.trimEnd(), { x: margin, y: this.y, size, font, color: this.colors.text });
      this.y -= size > fontSize ? size * 1.5 : lineHeight;
      line = '';
    };
    for (const token of tokens(printable(text))) {
      if (line !== '' && font.widthOfTextAtSize(line + token.trimEnd(), size) > width) {
        flush();
        if (/^\s+$/.test(token)) continue;
      }
      line += line === '' ? token.trimStart() : token;
    }
    if (line.trim() !== '') flush();
  }

  heading(text: string): void {
    this.room(3);
    this.gap();
    this.paragraph(text, { bold: true, size: 11 });
  }

  gap(): void {
    this.y -= lineHeight / 2;
  }

  /** A footer on every page, once all pages exist: `footer(page, pages)`. */
  async save(footer: (page: number, pages: number) => string): Promise<Uint8Array> {
    this.pages.forEach((page, index) => {
      page.drawText(printable(footer(index + 1, this.pages.length)), { x: margin, y: margin / 2, size: 7, font: this.fonts.regular, color: this.colors.footer });
    });
    return this.document.save({ useObjectStreams: false });
  }
}
