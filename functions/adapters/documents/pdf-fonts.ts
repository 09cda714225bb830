/**
 * What the bundle of every handler that renders a PDF carries beside it
 * (lib/constructs/handler-bundles.ts), where the PDF module (pdf-document.ts) looks first:
 * the font files it embeds, from their npm package, in `fonts/`; and the PDF engine
 * (pdf-engine.ts) bundled on its own.
 */
export const pdfFontPackage = '@expo-google-fonts/noto-sans-sc';
export const pdfFontFiles = { regular: '400Regular/NotoSansSC_400Regular.ttf', bold: '700Bold/NotoSansSC_700Bold.ttf' } as const;
export const bundledFontFolder = 'fonts';
export const pdfEngineSource = 'functions/adapters/documents/pdf-engine.ts';
export const bundledPdfEngineFile = 'pdf-engine.mjs';
