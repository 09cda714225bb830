/**
 * The PDF engine, pdf-lib and fontkit: about 1.3 MB of the 1.6 MB a renderer's bundle
 * would otherwise weigh. pdf-document.ts loads it with the first document it writes, not
 * at init: on AWS from its own bundle beside the handler's (pdf-fonts.ts,
 * bundledPdfEngineFile), elsewhere from this module.
 */
export { PDFDocument, rgb } from 'pdf-lib';
export { default as fontkit } from '@pdf-lib/fontkit';
