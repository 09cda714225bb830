import fc from 'fast-check';
import { fen, formatYuan, parseYuan, toFen } from '../../../functions/core/money';
import { allocateRepayment, type OutstandingInstallment } from '../../../functions/core/repayment-allocation';
import { runs } from './lending-arbitraries';

const owed = (number: number, penalty: string, interest: string, principal: string): OutstandingInstallment => ({
  number,
  penalty: parseYuan(penalty),
  interest: parseYuan(interest),
  principal: parseYuan(principal),
});

const view = (allocation: ReturnType<typeof allocateRepayment>) => ({
  installments: allocation.installments.map((entry) => [entry.number, formatYuan(entry.penalty), formatYuan(entry.interest), formatYuan(entry.principal), entry.settled]),
  allocated: formatYuan(allocation.allocated),
  unallocated: formatYuan(allocation.unallocated),
});

const book = [owed(2, '5.00', '900.00', '8000.00'), owed(1, '20.00', '1000.00', '7900.00')];

test('penalty, then interest, then principal, oldest installment first', () => {
  // 9000 covers installment 1 (8920.00) whole; the remaining 80.00 pays #2's penalty 5.00 and 75.00 of its interest.
  expect(view(allocateRepayment(parseYuan('9000'), book))).toEqual({
    installments: [
      [1, '20.00', '1000.00', '7900.00', true],
      [2, '5.00', '75.00', '0.00', false],
    ],
    allocated: '9000.00',
    unallocated: '0.00',
  });
  // 500 stops inside installment 1's interest: nothing reaches its principal or installment 2.
  expect(view(allocateRepayment(parseYuan('500'), book)).installments).toEqual([
    [1, '20.00', '480.00', '0.00', false],
    [2, '0.00', '0.00', '0.00', false],
  ]);
});

test('an overpayment is returned as unallocated', () => {
  expect(view(allocateRepayment(parseYuan('20000'), book))).toMatchObject({ allocated: '17825.00', unallocated: '2175.00' });
  expect(view(allocateRepayment(parseYuan('10'), []))).toEqual({ installments: [], allocated: '0.00', unallocated: '10.00' });
});

test('bad inputs are refused', () => {
  expect(() => allocateRepayment(fen(-1), book)).toThrow(RangeError);
  expect(() => allocateRepayment(fen(1), [owed(1, '0', '0', '1'), owed(1, '0', '0', '1')])).toThrow(RangeError);
  expect(() => allocateRepayment(fen(1), [{ number: 1, penalty: fen(-1), interest: fen(0), principal: fen(0) }])).toThrow(RangeError);
});

const part = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10_000_000 }));
const outstanding = fc
  .uniqueArray(fc.record({ number: fc.integer({ min: 1, max: 60 }), penalty: part, interest: part, principal: part }), { maxLength: 12, selector: (entry) => entry.number })
  .map((entries) => entries.map(({ number, penalty, interest, principal }) => ({ number, penalty: fen(penalty), interest: fen(interest), principal: fen(principal) })));

test('property: never more than paid, the order respected, allocated + unallocated = payment', () => {
  fc.assert(
    fc.property(outstanding, fc.integer({ min: 0, max: 150_000_000 }), (installments, payment) => {
      const allocation = allocateRepayment(fen(payment), installments);
      const allocated = toFen(allocation.allocated);
      const owedTotal = installments.reduce((sum, entry) => sum + toFen(entry.penalty) + toFen(entry.interest) + toFen(entry.principal), 0);
      expect(allocated + toFen(allocation.unallocated)).toBe(payment);
      expect(allocated).toBe(Math.min(payment, owedTotal));
      // Flattened in the required order, the allocation fills each part fully before the next gets anything.
      const byNumber = new Map(installments.map((entry) => [entry.number, entry]));
      const numbers = allocation.installments.map((entry) => entry.number);
      expect(numbers).toEqual([...byNumber.keys()].sort((a, b) => a - b));
      const flat = allocation.installments.flatMap((entry) => {
        const due = byNumber.get(entry.number);
        if (!due) throw new Error('an allocation for an installment nobody owed');
        return [
          [toFen(entry.penalty), toFen(due.penalty)],
          [toFen(entry.interest), toFen(due.interest)],
          [toFen(entry.principal), toFen(due.principal)],
        ] as const;
      });
      let shortfallSeen = false;
      for (const [paid, due] of flat) {
        expect(paid).toBeGreaterThanOrEqual(0);
        expect(paid).toBeLessThanOrEqual(due);
        if (shortfallSeen) expect(paid).toBe(0);
        if (paid < due) shortfallSeen = true;
      }
      expect(flat.reduce((sum, [paid]) => sum + paid, 0)).toBe(allocated);
      if (toFen(allocation.unallocated) > 0) expect(allocation.installments.every((entry) => entry.settled)).toBe(true);
    }),
    runs,
  );
});
