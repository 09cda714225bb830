import fc from 'fast-check';
import { splitProRata, type InvestorStake } from '../../../functions/core/investor-split';
import { fen, formatYuan, parseYuan, toFen } from '../../../functions/core/money';
import { runs } from './lending-arbitraries';

const stakes = (...principals: string[]): InvestorStake[] => principals.map((principal, index) => ({ id: `bid-${index + 1}`, principal: parseYuan(principal) }));
const amounts = (shares: ReturnType<typeof splitProRata>) => shares.map(({ id, amount }) => [id, formatYuan(amount)]);

test('equal stakes: the leftover fen goes to the earliest bid', () => {
  expect(amounts(splitProRata(parseYuan('1.00'), stakes('100', '100', '100')))).toEqual([
    ['bid-1', '0.34'],
    ['bid-2', '0.33'],
    ['bid-3', '0.33'],
  ]);
  expect(amounts(splitProRata(parseYuan('0.02'), stakes('5', '5', '5')))).toEqual([
    ['bid-1', '0.01'],
    ['bid-2', '0.01'],
    ['bid-3', '0.00'],
  ]);
});

test('an explicit bid sequence decides ties instead of input order', () => {
  const sequenced = stakes('100', '100', '100').map((stake, index) => ({ ...stake, bidSequence: 30 - index }));
  expect(amounts(splitProRata(parseYuan('1.00'), sequenced))).toEqual([
    ['bid-1', '0.33'],
    ['bid-2', '0.33'],
    ['bid-3', '0.34'],
  ]);
});

test('the largest remainder wins the leftover fen, whatever the bid order', () => {
  // 100.00 split 1 : 2 → 3333.33… and 6666.66… fen: the larger remainder (.67) takes the fen.
  expect(amounts(splitProRata(parseYuan('100'), stakes('1000', '2000')))).toEqual([
    ['bid-1', '33.33'],
    ['bid-2', '66.67'],
  ]);
});

test('zero-weight investors get zero; nobody to pay is refused', () => {
  expect(amounts(splitProRata(parseYuan('10'), stakes('0', '300', '0')))).toEqual([
    ['bid-1', '0.00'],
    ['bid-2', '10.00'],
    ['bid-3', '0.00'],
  ]);
  expect(() => splitProRata(parseYuan('10'), stakes('0', '0'))).toThrow(RangeError);
  expect(amounts(splitProRata(fen(0), stakes('0')))).toEqual([['bid-1', '0.00']]);
});

test('ambiguous inputs are refused', () => {
  expect(() => splitProRata(parseYuan('1'), [{ id: 'a', principal: fen(1) }, { id: 'a', principal: fen(2) }])).toThrow(RangeError);
  expect(() => splitProRata(parseYuan('1'), [{ id: 'a', principal: fen(1), bidSequence: 1 }, { id: 'b', principal: fen(2) }])).toThrow(RangeError);
  expect(() => splitProRata(parseYuan('1'), [{ id: 'a', principal: fen(1), bidSequence: 1 }, { id: 'b', principal: fen(2), bidSequence: 1 }])).toThrow(RangeError);
  expect(() => splitProRata(fen(-1), stakes('1'))).toThrow(RangeError);
});

const stakeList = fc
  .array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100_000_000 }), fc.constantFrom(10_000, 50_000, 100_000)), { minLength: 1, maxLength: 60 })
  .filter((weights) => weights.some((weight) => weight > 0));

test('property: shares sum exactly, each within one fen of the exact share, remainders honoured, zero weight gets zero', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), stakeList, (amount, weights) => {
      const shares = splitProRata(
        fen(amount),
        weights.map((weight, index) => ({ id: `b${index}`, principal: fen(weight) })),
      ).map(({ amount: share }) => BigInt(toFen(share)));
      expect(shares.reduce((sum, share) => sum + share, 0n)).toBe(BigInt(amount));
      const total = BigInt(weights.reduce((sum, weight) => sum + weight, 0));
      const exact = weights.map((weight) => BigInt(amount) * BigInt(weight)); // share × total
      shares.forEach((share, index) => {
        const scaled = share * total;
        const target = exact[index] ?? 0n;
        const gap = scaled > target ? scaled - target : target - scaled;
        expect(gap < total).toBe(true); // |share − exact| < 1 fen
        if (weights[index] === 0) expect(share).toBe(0n);
      });
      // Whoever got a rounded-up fen had a remainder at least as large as anyone rounded down,
      // and strictly larger than any earlier bidder rounded down.
      const remainder = (index: number) => (exact[index] ?? 0n) % total;
      const roundedUp = shares.map((share, index) => share * total > (exact[index] ?? 0n));
      roundedUp.forEach((up, i) => {
        if (!up) return;
        roundedUp.forEach((otherUp, j) => {
          if (otherUp) return;
          expect(remainder(i) >= remainder(j)).toBe(true);
          if (j < i) expect(remainder(i) > remainder(j)).toBe(true);
        });
      });
    }),
    runs,
  );
});

test('property: the split is deterministic, whatever order the stakes arrive in when bid sequences are given', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 100_000_000 }), stakeList, (amount, weights) => {
      const sequenced = weights.map((weight, index) => ({ id: `b${index}`, principal: fen(weight), bidSequence: index }));
      const reversed = [...sequenced].reverse();
      const byId = (list: InvestorStake[]) => Object.fromEntries(splitProRata(fen(amount), list).map(({ id, amount: share }) => [id, toFen(share)]));
      expect(byId(reversed)).toEqual(byId(sequenced));
      // Without bid sequences, input order is bid order: the same as sequencing by index.
      expect(byId(sequenced.map(({ id, principal }) => ({ id, principal })))).toEqual(byId(sequenced));
    }),
    runs,
  );
});
