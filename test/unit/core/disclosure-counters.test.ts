/**
 * The disclosure's month rows and vintage curves from the counters equal the loan book's
 * reconstruction: random loan books are played as the platform changes them (installments
 * stored at disbursement; the sweep marks an unpaid installment OVERDUE the day after its
 * due date and ages the loan 90+ on the 91st day; payments settle installments), each
 * change moving the counters through the consumer's own pure functions (installmentState,
 * dueMoves, vintageFlags), dated in the month it happened.
 */
import fc from 'fast-check';
import { addDays } from '../../../functions/core/calendar';
import { disclosureFigures, disclosureFiguresFromCounters, monthEnd, type DisclosureCounters, type LoanBookLoan } from '../../../functions/core/disclosure-figures';
import { dueMoves, installmentState, vintageFlags, type LoanAggregate } from '../../../functions/core/platform-counters';

type Event = { readonly on: string; readonly order: number; readonly apply: (loan: LoanAggregate) => LoanAggregate };

/** Plays the book's changes in time order and collects the counters' moves. */
function countersOf(book: readonly LoanBookLoan[]): DisclosureCounters {
  const lent = book.map((loan) => ({ month: loan.disbursedOn.slice(0, 7), lentFen: loan.amountFen, lentCount: 1 }));
  const moves: Array<DisclosureCounters['dueMoves'][number]> = [];
  const vintageMoves: Array<DisclosureCounters['vintageMoves'][number]> = [];
  for (const loan of book) {
    const number = (index: number) => String(index + 1).padStart(3, '0');
    const events: Event[] = [];
    loan.installments.forEach((installment, index) => {
      const item = { principalFen: installment.principalFen, interestFen: 0, dueDate: installment.dueDate };
      events.push({ on: loan.disbursedOn, order: 0, apply: (view) => ({ ...view, installments: { ...view.installments, [number(index)]: installmentState({ ...item, status: 'DUE' }) } }) });
      const unpaidFrom = (day: string) => installment.settledOn === undefined || installment.settledOn >= day;
      const overdueOn = addDays(installment.dueDate, 1);
      if (unpaidFrom(overdueOn)) events.push({ on: overdueOn, order: 1, apply: (view) => ({ ...view, installments: { ...view.installments, [number(index)]: installmentState({ ...item, status: 'OVERDUE' }) } }) });
      const defaultOn = addDays(installment.dueDate, 91);
      if (unpaidFrom(defaultOn)) events.push({ on: defaultOn, order: 2, apply: (view) => ({ ...view, overdueBucket: '90+' }) });
      if (installment.settledOn !== undefined) {
        events.push({ on: installment.settledOn, order: 3, apply: (view) => ({ ...view, installments: { ...view.installments, [number(index)]: installmentState({ ...item, paidPrincipalFen: installment.principalFen, status: 'SETTLED' }) } }) });
      }
    });
    events.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.order - b.order));
    let view: LoanAggregate = { loanId: loan.loanId, borrowerId: 'b', grade: 'B', termMonths: loan.installments.length, status: 'REPAYING', installments: {}, amountFen: loan.amountFen, cohort: loan.disbursedOn.slice(0, 7) };
    for (const event of events) {
      const changed = event.apply(view);
      const flags = vintageFlags(view, changed);
      const next = { ...changed, everOverdue: flags.everOverdue, everDefault: flags.everDefault };
      const month = event.on.slice(0, 7);
      for (const [sk, values] of Object.entries(dueMoves(view, next))) moves.push({ month, dueDate: sk.slice(2), principalFen: values.principalFen ?? 0, loans: values.loans ?? 0 });
      if (flags.firstOverdue || flags.firstDefault) vintageMoves.push({ cohort: loan.disbursedOn.slice(0, 7), month, everOverdueFen: flags.firstOverdue ? loan.amountFen : 0, everDefaultFen: flags.firstDefault ? loan.amountFen : 0 });
      view = next;
    }
  }
  return { lent, dueMoves: moves, vintageMoves };
}

const start = '2025-11-01';
const bookArb = fc
  .array(
    fc.record({
      amountSteps: fc.integer({ min: 1, max: 500 }),
      disbursedAfter: fc.integer({ min: 0, max: 150 }),
      terms: fc.integer({ min: 1, max: 6 }),
      // Per installment: paid that many days from its due date (negative: early), or never.
      payments: fc.array(fc.option(fc.integer({ min: -25, max: 140 }), { nil: undefined }), { minLength: 6, maxLength: 6 }),
    }),
    { maxLength: 8 },
  )
  .map((loans) =>
    loans.map((loan, index): LoanBookLoan => {
      const amountFen = loan.amountSteps * 10_000;
      const disbursedOn = addDays(start, loan.disbursedAfter);
      const share = Math.floor(amountFen / loan.terms);
      return {
        loanId: `loan-${index}`,
        amountFen,
        disbursedOn,
        installments: Array.from({ length: loan.terms }, (_, number) => {
          const dueDate = addDays(disbursedOn, 30 * (number + 1));
          const delay = loan.payments[number];
          const settledOn = delay === undefined ? undefined : addDays(dueDate, delay) < disbursedOn ? disbursedOn : addDays(dueDate, delay);
          return { dueDate, principalFen: number === loan.terms - 1 ? amountFen - share * (loan.terms - 1) : share, ...(settledOn ? { settledOn } : {}) };
        }),
      };
    }),
  );

test('month rows and vintage curves from the counters equal the reconstruction from the loan book, for every month', () => {
  fc.assert(
    fc.property(bookArb, fc.integer({ min: 0, max: 12 }), (book, monthsAfter) => {
      const month = addDays(start, 31 * monthsAfter).slice(0, 7);
      expect(disclosureFiguresFromCounters(month, countersOf(book))).toEqual(disclosureFigures(month, book));
    }),
    { numRuns: 300 },
  );
});

test('a concrete book: an overdue installment in its bucket at the month end, a late payment, a default', () => {
  const book: LoanBookLoan[] = [
    { loanId: 'a', amountFen: 900_000, disbursedOn: '2026-01-10', installments: [{ dueDate: '2026-02-09', principalFen: 300_000, settledOn: '2026-02-09' }, { dueDate: '2026-03-11', principalFen: 300_000 }, { dueDate: '2026-04-10', principalFen: 300_000 }] },
    { loanId: 'b', amountFen: 100_000, disbursedOn: '2026-03-02', installments: [{ dueDate: '2026-04-01', principalFen: 100_000, settledOn: '2026-04-20' }] },
  ];
  const figures = disclosureFiguresFromCounters('2026-06', countersOf(book));
  expect(figures).toEqual(disclosureFigures('2026-06', book));
  const april = figures.months.find((row) => row.month === '2026-04')!;
  // a: 2 installments unpaid (one 50 days, one 20 days past due on 30 April); b settled on the 20th.
  expect(april).toMatchObject({ outstandingPrincipalFen: 600_000, outstandingLoanCount: 1, overdueLoanCount: 1, overduePrincipalFen: { '1-30': 300_000, '31-60': 300_000, '61-90': 0, '90+': 0 } });
  expect(figures.months.at(-1)!.overduePrincipalFen['90+']).toBe(300_000); // a's second installment, due 11 March, is 111 days late on 30 June
  const cohortA = figures.vintages.find((cohort) => cohort.cohort === '2026-01')!;
  expect(cohortA.points.map((point) => point.everOverdueBp)).toEqual([0, 0, 10_000, 10_000, 10_000, 10_000]);
  expect(cohortA.points.map((point) => point.everDefaultBp)).toEqual([0, 0, 0, 0, 0, 10_000]); // 91 days after 11 March: 10 June
  expect(monthEnd('2026-06')).toBe(figures.monthEnd);
});
