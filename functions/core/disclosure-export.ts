/**
 * The files of a month's disclosure export (信息披露), as bytes: figures.csv,
 * figures.json, report.html (self-contained: inline CSS, inline SVG charts drawn here,
 * no script, font or network reference) and manifest.json (each file's SHA-256 and
 * byte length). Pure and deterministic: the same figures give the same bytes (no
 * generation timestamp inside; every ordering fixed). An export may also carry
 * compliance.json, the regulator's view (合规自查) as run when the export was first
 * generated (exports made before the page existed do not): it is passed in as a file,
 * and listed in the manifest like the others.
 */
import { createHash } from 'node:crypto';
import { fen, formatYuan } from './money';
import { overdueBuckets } from './overdue';
import { percentOf, type DisclosureFigures } from './disclosure-figures';

/** Headline platform figures (the platform-figures module), flattened to name → text. */
export interface HeadlineFigures {
  /** 'month-end': as at the month's end; 'generation-time': as at when the export was generated (stocks the figures module cannot date back). */
  readonly stocksBasis: 'month-end' | 'generation-time';
  readonly flowsBasis: 'month-end';
  readonly entries: readonly { readonly name: string; readonly value: string }[];
}

export interface DisclosureExportInput {
  readonly figures: DisclosureFigures;
  readonly headline?: HeadlineFigures;
}

export interface ExportFile {
  readonly name: (typeof exportFileNames)[number];
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

export interface ManifestEntry {
  readonly name: string;
  readonly contentType: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface DisclosureManifest {
  readonly format: 'p2p-disclosure/1';
  readonly month: string;
  readonly asOf: string;
  readonly files: readonly ManifestEntry[];
}

export const exportFileNames = ['figures.csv', 'figures.json', 'report.html', 'compliance.json', 'manifest.json'] as const;

const encoder = new TextEncoder();
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const yuan = (amountFen: number): string => formatYuan(fen(amountFen));

/** The export's data files and, last, the manifest describing them. */
export function disclosureExport(input: DisclosureExportInput, compliancePage?: ExportFile): ExportFile[] {
  const files: ExportFile[] = [
    { name: 'figures.csv', contentType: 'text/csv; charset=utf-8', bytes: encoder.encode(figuresCsv(input)) },
    { name: 'figures.json', contentType: 'application/json', bytes: encoder.encode(figuresJson(input)) },
    { name: 'report.html', contentType: 'text/html; charset=utf-8', bytes: encoder.encode(reportHtml(input)) },
    ...(compliancePage ? [compliancePage] : []),
  ];
  const manifest = manifestOf(input.figures.month, input.figures.monthEnd, files);
  return [...files, { name: 'manifest.json', contentType: 'application/json', bytes: encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`) }];
}

export function manifestOf(month: string, asOf: string, files: readonly ExportFile[]): DisclosureManifest {
  return {
    format: 'p2p-disclosure/1',
    month,
    asOf,
    files: files.map((file) => ({ name: file.name, contentType: file.contentType, sha256: sha256Hex(file.bytes), bytes: file.bytes.byteLength })),
  };
}

/** The compliance page's file: the self-check as JSON (its rules, statuses, evidence and offending ids). */
export const compliancePageFile = (selfCheck: unknown): ExportFile => ({ name: 'compliance.json', contentType: 'application/json', bytes: encoder.encode(`${JSON.stringify(selfCheck, null, 2)}\n`) });

/** Which files do not match the manifest (missing, other length or other digest). */
export function verifyAgainstManifest(manifest: DisclosureManifest, read: (name: string) => Uint8Array | undefined): string[] {
  return manifest.files.filter((entry) => {
    const bytes = read(entry.name);
    return !bytes || bytes.byteLength !== entry.bytes || sha256Hex(bytes) !== entry.sha256;
  }).map((entry) => entry.name);
}

// ---------------------------------------------------------------- CSV

const csvCell = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** Long format, one figure a row: section,period,metric,value (money in yuan, rates in percent). */
export function figuresCsv({ figures, headline }: DisclosureExportInput): string {
  const rows: string[][] = [['section', 'period', 'metric', 'value']];
  if (headline) {
    rows.push(['headline', figures.month, 'stocks_basis', headline.stocksBasis], ['headline', figures.month, 'flows_basis', headline.flowsBasis]);
    for (const entry of headline.entries) rows.push(['headline', figures.month, entry.name, entry.value]);
  }
  for (const row of figures.months) {
    const add = (metric: string, value: string) => rows.push(['monthly', row.month, metric, value]);
    add('lent_yuan', yuan(row.lentFen));
    add('lent_count', String(row.lentCount));
    add('cumulative_lent_yuan', yuan(row.cumulativeLentFen));
    add('cumulative_lent_count', String(row.cumulativeLentCount));
    add('outstanding_principal_yuan', yuan(row.outstandingPrincipalFen));
    add('outstanding_loan_count', String(row.outstandingLoanCount));
    add('overdue_loan_count', String(row.overdueLoanCount));
    for (const bucket of overdueBuckets) {
      add(`overdue_${bucket}_principal_yuan`, yuan(row.overduePrincipalFen[bucket]));
      add(`overdue_${bucket}_rate_pct`, percentOf(row.overdueRateBp[bucket]));
    }
  }
  for (const cohort of figures.vintages) {
    rows.push(['vintage', cohort.cohort, 'cohort_amount_yuan', yuan(cohort.amountFen)], ['vintage', cohort.cohort, 'cohort_loan_count', String(cohort.loanCount)]);
    for (const point of cohort.points) {
      rows.push(['vintage', cohort.cohort, `m${point.monthsSinceDisbursement}_ever_overdue_pct`, percentOf(point.everOverdueBp)]);
      rows.push(['vintage', cohort.cohort, `m${point.monthsSinceDisbursement}_ever_default_pct`, percentOf(point.everDefaultBp)]);
    }
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------- JSON

export function figuresJson({ figures, headline }: DisclosureExportInput): string {
  const document = {
    month: figures.month,
    asOf: figures.monthEnd,
    basis: {
      monthly: 'month-end: the loan book as it stood at each month end, from counters moved as it changed',
      vintages: 'month-end: share of each disbursement-month cohort (by amount) ever 1+ days overdue / ever 90+ days overdue by each month end',
      headline: headline ? { flows: headline.flowsBasis, stocks: headline.stocksBasis } : 'unavailable',
    },
    units: { money: 'CNY yuan, decimal string', rates: 'percent, decimal string, rounded half-up to 0.01' },
    headline: headline ? Object.fromEntries(headline.entries.map((entry) => [entry.name, entry.value])) : null,
    monthly: figures.months.map((row) => ({
      month: row.month,
      lent: yuan(row.lentFen),
      lentCount: row.lentCount,
      cumulativeLent: yuan(row.cumulativeLentFen),
      cumulativeLentCount: row.cumulativeLentCount,
      outstandingPrincipal: yuan(row.outstandingPrincipalFen),
      outstandingLoanCount: row.outstandingLoanCount,
      overdueLoanCount: row.overdueLoanCount,
      overdue: Object.fromEntries(overdueBuckets.map((bucket) => [bucket, { principal: yuan(row.overduePrincipalFen[bucket]), ratePct: percentOf(row.overdueRateBp[bucket]) }])),
    })),
    vintages: figures.vintages.map((cohort) => ({
      cohort: cohort.cohort,
      loanCount: cohort.loanCount,
      amount: yuan(cohort.amountFen),
      points: cohort.points.map((point) => ({ monthsSinceDisbursement: point.monthsSinceDisbursement, everOverduePct: percentOf(point.everOverdueBp), everDefaultPct: percentOf(point.everDefaultBp) })),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

// ---------------------------------------------------------------- HTML and SVG

const escapeHtml = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const colour = (index: number): string => palette[index % palette.length] ?? '#333333';

const width = 720;
const height = 260;
const left = 80;
const right = 20;
const top = 20;
const bottom = 40;
const plotWidth = width - left - right;
const plotHeight = height - top - bottom;

/** Integer pixel position of `value` on a 0..max axis (integer arithmetic only). */
const yOf = (value: number, max: number): number => top + plotHeight - (max === 0 ? 0 : Math.floor((value * plotHeight) / max));

interface Series {
  readonly label: string;
  readonly values: readonly number[];
}

function axes(title: string, labels: readonly string[], max: number, format: (value: number) => string): string {
  const parts = [
    `<title>${escapeHtml(title)}</title>`,
    `<line class="axis" x1="${left}" y1="${top + plotHeight}" x2="${left + plotWidth}" y2="${top + plotHeight}"/>`,
    `<line class="axis" x1="${left}" y1="${top}" x2="${left}" y2="${top + plotHeight}"/>`,
  ];
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = Math.floor((max * tick) / 4);
    const y = yOf(value, max);
    parts.push(`<line class="grid" x1="${left}" y1="${y}" x2="${left + plotWidth}" y2="${y}"/>`, `<text class="tick" x="${left - 6}" y="${y + 4}" text-anchor="end">${escapeHtml(format(value))}</text>`);
  }
  const step = Math.max(1, Math.ceil(labels.length / 12));
  labels.forEach((label, index) => {
    if (index % step !== 0) return;
    const x = left + Math.floor(((2 * index + 1) * plotWidth) / (2 * labels.length));
    parts.push(`<text class="tick" x="${x}" y="${top + plotHeight + 16}" text-anchor="middle">${escapeHtml(label)}</text>`);
  });
  return parts.join('');
}

function svg(id: string, title: string, body: string): string {
  return `<svg id="${id}" class="chart" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
}

function barChart(id: string, title: string, labels: readonly string[], values: readonly number[], format: (value: number) => string): string {
  const max = Math.max(1, ...values);
  const slot = Math.floor(plotWidth / Math.max(1, labels.length));
  const bars = values.map((value, index) => {
    const y = yOf(value, max);
    const x = left + index * slot + Math.floor(slot / 6);
    return `<rect class="bar" x="${x}" y="${y}" width="${Math.max(1, slot - Math.floor(slot / 3))}" height="${top + plotHeight - y}"><title>${escapeHtml(`${labels[index] ?? ''}: ${format(value)}`)}</title></rect>`;
  });
  return svg(id, title, axes(title, labels, max, format) + bars.join(''));
}

function lineChart(id: string, title: string, labels: readonly string[], series: readonly Series[], format: (value: number) => string): string {
  const max = Math.max(1, ...series.flatMap((each) => each.values));
  const xOf = (index: number) => left + Math.floor(((2 * index + 1) * plotWidth) / (2 * Math.max(1, labels.length)));
  const lines = series.map((each, seriesIndex) => {
    const points = each.values.map((value, index) => `${xOf(index)},${yOf(value, max)}`).join(' ');
    const dots = each.values.map((value, index) => `<circle cx="${xOf(index)}" cy="${yOf(value, max)}" r="3" fill="${colour(seriesIndex)}"><title>${escapeHtml(`${each.label} ${labels[index] ?? ''}: ${format(value)}`)}</title></circle>`);
    return `<polyline class="line" fill="none" stroke="${colour(seriesIndex)}" stroke-width="2" points="${points}"/>${dots.join('')}`;
  });
  const legend = series.map((each, index) => `<g transform="translate(${left + 10 + (index % 4) * 150},${top + 4 + Math.floor(index / 4) * 14})"><rect width="10" height="10" fill="${colour(index)}"/><text class="tick" x="14" y="9">${escapeHtml(each.label)}</text></g>`);
  return svg(id, title, axes(title, labels, max, format) + lines.join('') + legend.join(''));
}

const yuanLabel = (amountFen: number): string => `¥${yuan(amountFen)}`;
const percentLabel = (bp: number): string => `${percentOf(bp)}%`;

const css = `body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;margin:24px auto;max-width:780px;color:#222;background:#fff}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:12px;margin:8px 0}th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
.chart{display:block;margin:8px 0;background:#fafafa;border:1px solid #e3e3e3}.axis{stroke:#444;stroke-width:1}.grid{stroke:#ddd;stroke-width:1}.bar{fill:#1f77b4}.tick{font-size:10px;fill:#444}
.note{font-size:12px;color:#555}`;

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export function reportHtml({ figures, headline }: DisclosureExportInput): string {
  const labels = figures.months.map((row) => row.month);
  const current = figures.months.at(-1);
  const maxPoints = Math.max(1, ...figures.vintages.map((cohort) => cohort.points.length));
  const vintageLabels = Array.from({ length: maxPoints }, (_, index) => `M${index}`);
  const sections = [
    `<h1>Disclosure report ${escapeHtml(figures.month)}</h1>`,
    `<p class="note">Figures as of the month end ${escapeHtml(figures.monthEnd)} (Asia/Shanghai). Amounts in yuan (CNY); rates in percent, rounded half-up to 0.01.${headline ? ` Headline flows: ${escapeHtml(headline.flowsBasis)}; headline stocks: ${escapeHtml(headline.stocksBasis)}.` : ''}</p>`,
  ];
  if (headline) sections.push('<h2>Headline figures</h2>', table(['Figure', 'Value'], headline.entries.map((entry) => [entry.name, entry.value])));
  if (current) {
    sections.push(
      '<h2>This month</h2>',
      table(
        ['Figure', 'Value'],
        [
          ['Lent in the month', yuanLabel(current.lentFen)],
          ['Loans disbursed in the month', String(current.lentCount)],
          ['Cumulative lent', yuanLabel(current.cumulativeLentFen)],
          ['Outstanding principal', yuanLabel(current.outstandingPrincipalFen)],
          ['Outstanding loans', String(current.outstandingLoanCount)],
          ['Overdue loans', String(current.overdueLoanCount)],
          ...overdueBuckets.map((bucket) => [`Overdue ${bucket} days (principal, rate)`, `${yuanLabel(current.overduePrincipalFen[bucket])} (${percentLabel(current.overdueRateBp[bucket])})`]),
        ],
      ),
    );
  }
  sections.push(
    '<h2>Monthly volume</h2>',
    barChart('chart-volume', 'Amount lent by month (yuan)', labels, figures.months.map((row) => row.lentFen), yuanLabel),
    '<h2>Outstanding principal</h2>',
    lineChart('chart-outstanding', 'Outstanding principal at month end (yuan)', labels, [{ label: 'Outstanding', values: figures.months.map((row) => row.outstandingPrincipalFen) }], yuanLabel),
    '<h2>Overdue rates by bucket</h2>',
    lineChart('chart-overdue', 'Overdue principal over outstanding, by bucket (%)', labels, overdueBuckets.map((bucket) => ({ label: `${bucket} days`, values: figures.months.map((row) => row.overdueRateBp[bucket]) })), percentLabel),
    '<h2>Vintage curves</h2>',
    '<p class="note">Per disbursement-month cohort: the share of the cohort (by amount) ever 1+ days overdue by each month since disbursement. The 90+ (default) curves are in figures.csv and figures.json.</p>',
    lineChart('chart-vintage', 'Cumulative overdue rate by months since disbursement (%)', vintageLabels, figures.vintages.map((cohort) => ({ label: cohort.cohort, values: cohort.points.map((point) => point.everOverdueBp) })), percentLabel),
    '<h2>Monthly figures</h2>',
    table(
      ['Month', 'Lent', 'Count', 'Cumulative', 'Outstanding', ...overdueBuckets.map((bucket) => `Overdue ${bucket}`)],
      figures.months.map((row) => [row.month, yuan(row.lentFen), String(row.lentCount), yuan(row.cumulativeLentFen), yuan(row.outstandingPrincipalFen), ...overdueBuckets.map((bucket) => `${percentOf(row.overdueRateBp[bucket])}%`)]),
    ),
  );
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>信息披露 Disclosure ${escapeHtml(figures.month)}</title>
<style>${css}</style>
</head>
<body>
${sections.join('\n')}
</body>
</html>
`;
}
