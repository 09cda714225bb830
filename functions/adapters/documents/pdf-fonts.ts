/**
 * The font files the PDF module (pdf-document.ts) embeds, in their npm package; the CDK
 * bundling (lib/constructs/handler-function.ts) copies them into `fonts/` beside the
 * bundle of every handler that renders a PDF, where pdf-document.ts looks first.
 */
export const pdfFontPackage = '@expo-google-fonts/noto-sans-sc';
export const pdfFontFiles = { regular: '400Regular/NotoSansSC_400Regular.ttf', bold: '700Bold/NotoSansSC_700Bold.ttf' } as const;
export const bundledFontFolder = 'fonts';
