/**
 * Repayment schedules: worked examples derived by hand (or from well-known published
 * figures), then properties over random loans for every method.
 */
import fc from 'fast-check';
import { fen, formatYuan, parseYuan, toFen } from '../../../functions/core/money';
import { parseRate } from '../../../functions/core/rate';
import {
  buildRepaymentSchedule,
  equalInstallmentPayment,
  installmentDueDate,
  type LoanTerms,
  type RepaymentMethod,
  type RepaymentSchedule,
} from '../../../functions/core/repayment-schedule';
import { halfUp, lastDayOfMonth, loanAmountFen, method, rateTenThousandths, rateText, runs, startDate, termMonths } from './lending-arbitraries';

const schedule = (amount: string, months: number, rate: string, how: RepaymentMethod, start = '2026-01-15'): RepaymentSchedule =>
  buildRepaymentSchedule({ amount: parseYuan(amount), termMonths: months, annualRate: parseRate(rate), method: how, startDate: start });

const rows = (built: RepaymentSchedule) =>
  built.installments.map(({ number, dueDate, principal, interest, total, remainingPrincipal }) => ({
    number,
    dueDate,
    principal: formatYuan(principal),
    interest: formatYuan(interest),
    total: formatYuan(total),
    remaining: formatYuan(remainingPrincipal),
  }));

describe('worked examples', () => {
  test('等额本息 ¥100,000 at 12% over 12 months pays the well-known ¥8,884.88 a month', () => {
    // The figure every Chinese loan calculator shows; also PMT(1%, 12, 100000) = 8884.8789 → 8884.88.
    expect(formatYuan(equalInstallmentPayment(parseYuan('100000'), 12, parseRate('0.12')))).toBe('8884.88');
    const built = schedule('100000', 12, '0.12', 'EQUAL_INSTALLMENT');
    const table = rows(built);
    // By hand: 100000.00 × 1% = 1000.00 interest; 8884.88 − 1000.00 = 7884.88 principal.
    expect(table[0]).toEqual({ number: 1, dueDate: '2026-02-15', principal: '7884.88', interest: '1000.00', total: '8884.88', remaining: '92115.12' });
    // 92115.12 × 1% = 921.1512 → 921.15; 8884.88 − 921.15 = 7963.73.
    expect(table[1]).toEqual({ number: 2, dueDate: '2026-03-15', principal: '7963.73', interest: '921.15', total: '8884.88', remaining: '84151.39' });
    expect(table.slice(0, 11).every((row) => row.total === '8884.88')).toBe(true);
    // The last takes the 8796.88 left after eleven payments; 8796.88 × 1% = 87.9688 → 87.97. The rounded-up
    // payment (8884.8789 → 8884.88) repaid a little principal early, so the last total is 3 fen lower.
    // (Rows re-derived independently with Python's decimal module, ROUND_HALF_UP.)
    expect(table[10]).toMatchObject({ interest: '175.07', total: '8884.88', remaining: '8796.88' });
    expect(table[11]).toEqual({ number: 12, dueDate: '2027-01-15', principal: '8796.88', interest: '87.97', total: '8884.85', remaining: '0.00' });
    expect(formatYuan(built.totals.principal)).toBe('100000.00');
    expect(formatYuan(built.totals.interest)).toBe('6618.53');
    // Unrounded, 12 × 8884.87887 − 100000 = 6618.5464: the roundings move the total interest by under 2 fen.
    expect(Math.abs(toFen(built.totals.interest) - 661_854.64)).toBeLessThan(2);
  });

  test('等额本金 ¥100,000 at 12% over 12 months: 8333.33 a month, the last 8333.37, interest falling', () => {
    const table = rows(schedule('100000', 12, '0.12', 'EQUAL_PRINCIPAL'));
    expect(table.slice(0, 11).every((row) => row.principal === '8333.33')).toBe(true);
    expect(table[11]?.principal).toBe('8333.37'); // 100000.00 − 11 × 8333.33
    expect(table[0]).toMatchObject({ interest: '1000.00', total: '9333.33', remaining: '91666.67' });
    expect(table[1]).toMatchObject({ interest: '916.67', total: '9250.00', remaining: '83333.34' }); // 916.6667 → 916.67
    expect(table[2]).toMatchObject({ interest: '833.33' }); // 833.3334 → 833.33
    expect(table[11]).toMatchObject({ interest: '83.33', total: '8416.70', remaining: '0.00' }); // 8333.37 × 1% = 83.3337
  });

  test('等额本金 total interest: P·r·(n+1)/2 = ¥6,500.00 for ¥100,000 at 12% over 12 months', () => {
    // Exactly 650000.22 fen before rounding; the twelve half-up roundings net to −0.22 (checked by hand).
    expect(formatYuan(schedule('100000', 12, '0.12', 'EQUAL_PRINCIPAL').totals.interest)).toBe('6500.00');
  });

  test('先息后本 pays interest monthly and the whole principal with the last installment', () => {
    const table = rows(schedule('100000', 3, '0.12', 'INTEREST_FIRST'));
    expect(table).toEqual([
      { number: 1, dueDate: '2026-02-15', principal: '0.00', interest: '1000.00', total: '1000.00', remaining: '100000.00' },
      { number: 2, dueDate: '2026-03-15', principal: '0.00', interest: '1000.00', total: '1000.00', remaining: '100000.00' },
      { number: 3, dueDate: '2026-04-15', principal: '100000.00', interest: '1000.00', total: '101000.00', remaining: '0.00' },
    ]);
  });

  test('interest rounds half-up to the fen, not half-even', () => {
    // 1000.50 × 1% = 10.005 → 10.01 (half-even would give 10.00).
    expect(rows(schedule('1000.50', 2, '0.12', 'INTEREST_FIRST'))[0]?.interest).toBe('10.01');
    // Bullet: 10.50 × 12% × 1/12 = 0.105 → 0.11.
    expect(rows(schedule('10.50', 1, '0.12', 'BULLET'))[0]?.interest).toBe('0.11');
  });

  test('一次性还本付息 is one installment at the end with P × rate × months / 12', () => {
    expect(rows(schedule('100000', 6, '0.12', 'BULLET'))).toEqual([
      { number: 1, dueDate: '2026-07-15', principal: '100000.00', interest: '6000.00', total: '106000.00', remaining: '0.00' },
    ]);
    // 12345.67 × 8.5% × 7/12 = 612.139… → 612.14.
    expect(rows(schedule('12345.67', 7, '0.085', 'BULLET'))[0]?.interest).toBe('612.14');
  });

  test('a zero rate works: equal installment is amount / n, the last absorbing the remainder', () => {
    expect(rows(schedule('1000', 3, '0', 'EQUAL_INSTALLMENT')).map((row) => [row.total, row.interest])).toEqual([
      ['333.33', '0.00'],
      ['333.33', '0.00'],
      ['333.34', '0.00'],
    ]);
    // 10 fen / 4 = 2.5 → 3 (half-up), so 3, 3, 3 and the last 1.
    expect(rows(schedule('0.10', 4, '0', 'EQUAL_INSTALLMENT')).map((row) => row.principal)).toEqual(['0.03', '0.03', '0.03', '0.01']);
    expect(rows(schedule('1000', 3, '0', 'BULLET'))[0]?.total).toBe('1000.00');
  });

  test('absurdly small loans never get a negative part: principal is clamped to what remains', () => {
    // 5 fen over 8 months at 0%: 5/8 = 0.625 → 1 fen a month, which repays it after five months.
    expect(rows(schedule('0.05', 8, '0', 'EQUAL_PRINCIPAL')).map((row) => row.principal)).toEqual(['0.01', '0.01', '0.01', '0.01', '0.01', '0.00', '0.00', '0.00']);
  });
});

describe('due dates', () => {
  test('the same day of the month, clamped from the START day to shorter months', () => {
    const dueDates = schedule('1000', 5, '0.1', 'EQUAL_INSTALLMENT', '2026-01-31').installments.map((installment) => installment.dueDate);
    expect(dueDates).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30']);
    expect(installmentDueDate('2027-12-31', 2)).toBe('2028-02-29');
    expect(installmentDueDate('2026-03-30', 11)).toBe('2027-02-28');
    expect(installmentDueDate('2026-11-15', 60)).toBe('2031-11-15');
  });

  test('property: due date k is k months on, on min(start day, last day of that month)', () => {
    fc.assert(
      fc.property(startDate, fc.integer({ min: 0, max: 60 }), (start, months) => {
        const [year, month, day] = start.split('-').map(Number) as [number, number, number];
        // Independent: the JavaScript Date's own month arithmetic on the first of the month.
        const first = new Date(Date.UTC(year, month - 1 + months, 1));
        const expectedDay = Math.min(day, lastDayOfMonth(first.getUTCFullYear(), first.getUTCMonth() + 1));
        const expected = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), expectedDay)).toISOString().slice(0, 10);
        expect(installmentDueDate(start, months)).toBe(expected);
      }),
      runs,
    );
  });
});

describe('invalid terms', () => {
  const terms: LoanTerms = { amount: parseYuan('1000'), termMonths: 12, annualRate: parseRate('0.1'), method: 'EQUAL_INSTALLMENT', startDate: '2026-01-15' };
  test.each([
    ['a zero amount', { amount: fen(0) }],
    ['a term of 0 months', { termMonths: 0 }],
    ['a term of 61 months', { termMonths: 61 }],
    ['a fractional term', { termMonths: 1.5 }],
    ['a malformed start date', { startDate: '2026-1-15' }],
    ['an impossible start date', { startDate: '2026-02-29' }],
    ['an unknown method', { method: 'BALLOON' as RepaymentMethod }],
  ])('%s is refused', (_name, change) => {
    expect(() => buildRepaymentSchedule({ ...terms, ...change })).toThrow(RangeError);
  });
});

const loan = fc.record({ amount: loanAmountFen, months: termMonths, rate: rateTenThousandths, how: method, start: startDate });
const build = (amount: number, months: number, rate: number, how: RepaymentMethod, start: string) =>
  buildRepaymentSchedule({ amount: fen(amount), termMonths: months, annualRate: parseRate(rateText(rate)), method: how, startDate: start });
const fenOf = (built: RepaymentSchedule) =>
  built.installments.map((installment) => ({
    principal: toFen(installment.principal),
    interest: toFen(installment.interest),
    total: toFen(installment.total),
    remaining: toFen(installment.remainingPrincipal),
  }));

/** The invariants every schedule keeps, whatever the method, amount, term or rate. */
function expectSound(built: RepaymentSchedule, amount: number): void {
  const parts = fenOf(built);
  expect(parts.reduce((sum, part) => sum + part.principal, 0)).toBe(amount);
  let remaining = amount;
  for (const part of parts) {
    expect(part.principal).toBeGreaterThanOrEqual(0);
    expect(part.interest).toBeGreaterThanOrEqual(0);
    expect(part.total).toBe(part.principal + part.interest);
    remaining -= part.principal;
    expect(part.remaining).toBe(remaining);
  }
  expect(parts.at(-1)?.remaining).toBe(0);
  expect(toFen(built.totals.principal)).toBe(amount);
  expect(toFen(built.totals.interest)).toBe(parts.reduce((sum, part) => sum + part.interest, 0));
  expect(toFen(built.totals.total)).toBe(parts.reduce((sum, part) => sum + part.total, 0));
}

describe('properties over ¥100–¥5,000,000, 1–60 months, 0.01%–36%', () => {
  test('principal sums exactly to the amount, no part is negative, remaining principal reaches zero', () => {
    fc.assert(
      fc.property(loan, ({ amount, months, rate, how, start }) => {
        const built = build(amount, months, rate, how, start);
        expectSound(built, amount);
        expect(built.installments).toHaveLength(how === 'BULLET' ? 1 : months);
        expect(built.installments.map((installment) => installment.number)).toEqual(built.installments.map((_, index) => index + 1));
        expect(built.installments.at(-1)?.dueDate).toBe(installmentDueDate(start, months));
      }),
      runs,
    );
  });

  test('each monthly interest is the remaining principal × annual / 12, rounded half-up (integer check)', () => {
    fc.assert(
      fc.property(loan, ({ amount, months, rate, how, start }) => {
        const parts = fenOf(build(amount, months, rate, how, start));
        if (how === 'BULLET') {
          // amount × (rate / 10000) × months / 12
          expect(BigInt(parts[0]?.interest ?? -1)).toBe(halfUp(BigInt(amount) * BigInt(rate) * BigInt(months), 120_000n));
          return;
        }
        let before = amount;
        for (const part of parts) {
          expect(BigInt(part.interest)).toBe(halfUp(BigInt(before) * BigInt(rate), 120_000n));
          before = part.remaining;
        }
      }),
      runs,
    );
  });

  test('equal installment: every total is the same except possibly the last', () => {
    fc.assert(
      fc.property(loan, ({ amount, months, rate, start }) => {
        const built = build(amount, months, rate, 'EQUAL_INSTALLMENT', start);
        const totals = fenOf(built).map((part) => part.total);
        const payment = toFen(equalInstallmentPayment(fen(amount), months, parseRate(rateText(rate))));
        expect(totals.slice(0, -1).every((total) => total === payment)).toBe(true);
      }),
      runs,
    );
  });

  test('equal principal: every principal is round(amount / n) except the last; interest-first: all principal last', () => {
    fc.assert(
      fc.property(loan, ({ amount, months, rate, start }) => {
        const equalPrincipal = fenOf(build(amount, months, rate, 'EQUAL_PRINCIPAL', start));
        const perPeriod = Number(halfUp(BigInt(amount), BigInt(months)));
        expect(equalPrincipal.slice(0, -1).every((part) => part.principal === perPeriod)).toBe(true);
        const interestFirst = fenOf(build(amount, months, rate, 'INTEREST_FIRST', start));
        expect(interestFirst.slice(0, -1).every((part) => part.principal === 0 && part.remaining === amount)).toBe(true);
        expect(interestFirst.at(-1)?.principal).toBe(amount);
        expect(new Set(interestFirst.map((part) => part.interest)).size).toBe(1);
      }),
      runs,
    );
  });

  test('a zero rate gives zero interest, and equal installments of round(amount / n) but the last', () => {
    fc.assert(
      fc.property(loanAmountFen, termMonths, method, startDate, (amount, months, how, start) => {
        const built = buildRepaymentSchedule({ amount: fen(amount), termMonths: months, annualRate: parseRate('0'), method: how, startDate: start });
        expectSound(built, amount);
        expect(toFen(built.totals.interest)).toBe(0);
        if (how === 'EQUAL_INSTALLMENT') {
          const perPeriod = Number(halfUp(BigInt(amount), BigInt(months)));
          expect(fenOf(built).slice(0, -1).every((part) => part.total === perPeriod)).toBe(true);
        }
      }),
      runs,
    );
  });

  test('tiny loans (1 fen to ¥100) keep every invariant too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), termMonths, fc.integer({ min: 0, max: 3_600 }), method, startDate, (amount, months, rate, how, start) => {
        expectSound(build(amount, months, rate, how, start), amount);
      }),
      runs,
    );
  });
});
