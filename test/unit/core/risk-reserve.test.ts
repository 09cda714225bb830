import { accounts } from '../../../functions/core/ledger';
import { parseRate } from '../../../functions/core/rate';
import { reserveProvision } from '../../../functions/core/risk-reserve';

test('a provision is the share of the fee rounded half-up to the fen, from fee income to the reserve', () => {
  expect(reserveProvision('fee-1', 10_000, parseRate('0.1'))).toEqual({ kind: 'posted', id: 'fee-1:reserve', debit: accounts.feeIncome, credit: accounts.riskReserve, amountFen: 1_000 });
  expect(reserveProvision('fee-2', 15, parseRate('0.1'))?.amountFen).toBe(2);
  expect(reserveProvision('fee-3', 14, parseRate('0.1'))?.amountFen).toBe(1);
});

test('no transfer for a zero provision; out-of-range shares and negative fees are refused', () => {
  expect(reserveProvision('fee', 4, parseRate('0.1'))).toBeUndefined();
  expect(reserveProvision('fee', 10_000, parseRate('0'))).toBeUndefined();
  expect(() => reserveProvision('fee', -1, parseRate('0.1'))).toThrow(RangeError);
  expect(() => reserveProvision('fee', 100, parseRate('1.5'))).toThrow(RangeError);
});
