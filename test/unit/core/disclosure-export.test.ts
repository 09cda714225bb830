import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { addDays } from '../../../functions/core/calendar';
import { basisPoints, disclosureFigures, isClosedMonth, monthEnd, nextMonth, percentOf, previousMonth, type LoanBookLoan } from '../../../functions/core/disclosure-figures';
import { disclosureExport, figuresCsv, verifyAgainstManifest, type DisclosureManifest, type HeadlineFigures } from '../../../functions/core/disclosure-export';

/** A loan of `amountFen` disbursed on `disbursedOn`, equal principal over `terms` monthly installments. */
function loan(loanId: string, amountFen: number, disbursedOn: string, terms: number, settle: (index: number, dueDate: string) => string | undefined): LoanBookLoan {
  const share = Math.floor(amountFen / terms);
  return {
    loanId,
    amountFen,
    disbursedOn,
    installments: Array.from({ length: terms }, (_, index) => {
      const dueDate = addDays(disbursedOn, 30 * (index + 1));
      const settledOn = settle(index, dueDate);
      return { dueDate, principalFen: index === terms - 1 ? amountFen - share * (terms - 1) : share, ...(settledOn ? { settledOn } : {}) };
    }),
  };
}

const book: LoanBookLoan[] = [
  // Paid on time.
  loan('a', 1_200_000, '2026-01-10', 3, (_, due) => due),
  // Its second installment (due 2026-04-05) is never paid: overdue from 2026-04-06.
  loan('b', 600_000, '2026-02-04', 3, (index, due) => (index === 0 ? due : undefined)),
  // Paid 10 days late each time.
  loan('c', 300_000, '2026-02-20', 2, (_, due) => addDays(due, 10)),
];

const headline: HeadlineFigures = { flowsBasis: 'month-end', stocksBasis: 'generation-time', entries: [{ name: 'month.lent.amount', value: '3000.00' }, { name: 'note', value: 'a "quoted", value' }] };

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const fileOf = (files: ReturnType<typeof disclosureExport>, name: string) => {
  const file = files.find((each) => each.name === name);
  if (!file) throw new Error(`no ${name}`);
  return file;
};

describe('month arithmetic', () => {
  it('knows month ends, the next month and whether a month is closed', () => {
    expect(monthEnd('2024-02')).toBe('2024-02-29');
    expect(monthEnd('2026-12')).toBe('2026-12-31');
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(previousMonth('2026-03-01')).toBe('2026-02');
    expect(isClosedMonth('2026-02', '2026-02-28')).toBe(false);
    expect(isClosedMonth('2026-02', '2026-03-01')).toBe(true);
    expect(() => monthEnd('2026-13')).toThrow(RangeError);
  });

  it('rounds rates half-up to basis points and prints them as percentages', () => {
    expect(basisPoints(1, 3)).toBe(3333);
    expect(basisPoints(2, 3)).toBe(6667);
    expect(basisPoints(1, 0)).toBe(0);
    expect(percentOf(3333)).toBe('33.33');
    expect(percentOf(5)).toBe('0.05');
  });
});

describe('disclosure figures', () => {
  const figures = disclosureFigures('2026-04', book);

  it('has a row per month since the first disbursement, with flows and cumulative flows', () => {
    expect(figures.months.map((row) => row.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(figures.months.map((row) => row.lentFen)).toEqual([1_200_000, 900_000, 0, 0]);
    expect(figures.months.map((row) => row.cumulativeLentFen)).toEqual([1_200_000, 2_100_000, 2_100_000, 2_100_000]);
    expect(figures.months.map((row) => row.lentCount)).toEqual([1, 2, 0, 0]);
  });

  it('reconstructs outstanding and overdue principal at each month end', () => {
    const april = figures.months[3]!;
    // a: third installment due 2026-04-10 paid; b: 2nd and 3rd unpaid (400000); c: both paid (2026-03-22+10, 2026-04-21+10 = 2026-05-01 > April end).
    expect(april.outstandingPrincipalFen).toBe(400_000 + 150_000);
    expect(april.overduePrincipalFen['1-30']).toBe(200_000 + 150_000); // b's 2nd due 04-05 (25 days), c's 2nd due 04-21 (9 days)
    expect(april.overdueRateBp['1-30']).toBe(basisPoints(350_000, 550_000));
    expect(april.overdueLoanCount).toBe(2);
  });

  it('draws vintage curves per disbursement-month cohort', () => {
    expect(figures.vintages.map((cohort) => cohort.cohort)).toEqual(['2026-01', '2026-02']);
    const february = figures.vintages[1]!;
    expect(february.amountFen).toBe(900_000);
    // M0 (February end): nothing due yet; M1 (March): c's first installment late; M2 (April): b too.
    expect(february.points.map((point) => point.everOverdueBp)).toEqual([0, basisPoints(300_000, 900_000), 10_000]);
    expect(february.points.every((point) => point.everDefaultBp === 0)).toBe(true);
    expect(figures.vintages[0]!.points.every((point) => point.everOverdueBp === 0)).toBe(true);
  });

  it('counts default (90+ days) once an installment is 91 days unpaid', () => {
    const later = disclosureFigures('2026-07', book);
    const february = later.vintages[1]!;
    // b's 2nd installment due 2026-04-05, 91 days later is 2026-07-05.
    expect(february.points.at(-1)!.everDefaultBp).toBe(basisPoints(600_000, 900_000));
    expect(later.months.at(-1)!.overduePrincipalFen['90+']).toBe(200_000);
  });

  it('ignores loans disbursed after the month', () => {
    expect(disclosureFigures('2026-01', book).months.at(-1)!.cumulativeLentFen).toBe(1_200_000);
  });
});

describe('disclosure export files', () => {
  const files = disclosureExport({ figures: disclosureFigures('2026-04', book), headline });

  it('are deterministic: the same inputs give the same bytes, in any input order', () => {
    const again = disclosureExport({ figures: disclosureFigures('2026-04', [...book].reverse()), headline });
    expect(again.map((file) => file.name)).toEqual(['figures.csv', 'figures.json', 'report.html', 'manifest.json']);
    again.forEach((file, index) => expect(Buffer.from(file.bytes).equals(Buffer.from(files[index]!.bytes))).toBe(true));
  });

  it('differ when a figure differs', () => {
    const other = disclosureExport({ figures: disclosureFigures('2026-04', book.slice(1)), headline });
    expect(decode(fileOf(other, 'figures.csv').bytes)).not.toBe(decode(fileOf(files, 'figures.csv').bytes));
    expect(decode(fileOf(other, 'manifest.json').bytes)).not.toBe(decode(fileOf(files, 'manifest.json').bytes));
  });

  it('carry a manifest with every data file\'s SHA-256 and length', () => {
    const manifest = JSON.parse(decode(fileOf(files, 'manifest.json').bytes)) as DisclosureManifest;
    expect(manifest.month).toBe('2026-04');
    expect(manifest.asOf).toBe('2026-04-30');
    expect(manifest.files.map((file) => file.name)).toEqual(['figures.csv', 'figures.json', 'report.html']);
    for (const entry of manifest.files) {
      const bytes = fileOf(files, entry.name as 'figures.csv').bytes;
      expect(entry.bytes).toBe(bytes.byteLength);
      expect(entry.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    const read = (name: string) => files.find((file) => file.name === name)?.bytes;
    expect(verifyAgainstManifest(manifest, read)).toEqual([]);
    const tampered = (name: string) => (name === 'figures.json' ? new TextEncoder().encode(decode(read(name)!).replace('"lentCount": 2', '"lentCount": 3')) : read(name));
    expect(verifyAgainstManifest(manifest, tampered)).toEqual(['figures.json']);
  });

  it('write the CSV in long format with quoting, money in yuan and rates in percent', () => {
    const csv = decode(fileOf(files, 'figures.csv').bytes);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('section,period,metric,value');
    expect(lines).toContain('headline,2026-04,stocks_basis,generation-time');
    expect(lines).toContain('headline,2026-04,note,"a ""quoted"", value"');
    expect(lines).toContain('monthly,2026-02,lent_yuan,9000.00');
    expect(lines).toContain('monthly,2026-04,overdue_1-30_rate_pct,63.64');
    expect(lines).toContain('vintage,2026-02,m2_ever_overdue_pct,100.00');
    expect(figuresCsv({ figures: disclosureFigures('2026-04', []) }).split('\r\n')[1]).toBe('monthly,2026-04,lent_yuan,0.00');
  });

  it('write JSON with the basis of each figure', () => {
    const json = JSON.parse(decode(fileOf(files, 'figures.json').bytes)) as { basis: { headline: { stocks: string } }; monthly: { lent: string }[]; vintages: unknown[] };
    expect(json.basis.headline.stocks).toBe('generation-time');
    expect(json.monthly[1]!.lent).toBe('9000.00');
    expect(json.vintages).toHaveLength(2);
  });

  it('write a self-contained HTML report with four inline SVG charts and no script or external reference', () => {
    const html = decode(fileOf(files, 'report.html').bytes);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const id of ['chart-volume', 'chart-outstanding', 'chart-overdue', 'chart-vintage']) expect(html).toContain(`<svg id="${id}"`);
    expect(html).toContain('<polyline');
    expect(html).toContain('<rect class="bar"');
    expect(html).not.toMatch(/<script|<link|@import|url\(|src=|href=/i);
    expect(html).toContain('a &quot;quoted&quot;, value');
  });

  it('are deterministic for any loan book (property)', () => {
    const loanArbitrary = fc.record({
      amountFen: fc.integer({ min: 100_00, max: 1_000_000_00 }),
      day: fc.integer({ min: 0, max: 400 }),
      terms: fc.integer({ min: 1, max: 12 }),
      lateness: fc.array(fc.option(fc.integer({ min: -5, max: 120 }), { nil: undefined }), { minLength: 12, maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.array(loanArbitrary, { maxLength: 8 }), (specs) => {
        const loans = specs.map((spec, index) => loan(`l${index}`, spec.amountFen, addDays('2025-01-01', spec.day), spec.terms, (i, due) => (spec.lateness[i] === undefined ? undefined : addDays(due, spec.lateness[i]!))));
        const one = disclosureExport({ figures: disclosureFigures('2026-03', loans) });
        const two = disclosureExport({ figures: disclosureFigures('2026-03', [...loans].reverse()) });
        const figures = disclosureFigures('2026-03', loans);
        const last = figures.months.at(-1)!;
        const overdue = Object.values(last.overduePrincipalFen).reduce((sum, value) => sum + value, 0);
        return one.every((file, index) => Buffer.from(file.bytes).equals(Buffer.from(two[index]!.bytes))) && overdue <= last.outstandingPrincipalFen && figures.vintages.every((cohort) => cohort.points.every((point, i) => point.everOverdueBp <= 10_000 && point.everDefaultBp <= point.everOverdueBp && (i === 0 || point.everOverdueBp >= cohort.points[i - 1]!.everOverdueBp)));
      }),
      { numRuns: 60 },
    );
  });
});
