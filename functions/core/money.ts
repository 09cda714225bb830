/**
 * Money is integer fen in dinero.js (CNY, scale 2). In the API an amount is a decimal
 * string in yuan with at most two decimals ("100000.00"): parsed as text, never as a
 * float. Arithmetic that needs a rate goes through exact ratios (rational.ts) and is
 * rounded once, half-up, to the fen.
 */
import { add, dinero, isNegative, subtract, toDecimal, toSnapshot, transformScale, type Dinero } from 'dinero.js';
import { CNY } from 'dinero.js/currencies';
import { roundHalfUp, times, whole, type Ratio } from './rational';

export type Money = Dinero<number>;

/** At most ¥10,000,000,000.00: far above any legal loan, far below 2^53 fen. */
export const maxFen = 1_000_000_000_000;
export const yuanPattern = /^(0|[1-9]\d{0,9})(\.\d{1,2})?$/;

export function fen(amount: number | bigint): Money {
  const value = typeof amount === 'bigint' ? Number(amount) : amount;
  if (!Number.isSafeInteger(value) || Math.abs(value) > maxFen || BigInt(value) !== BigInt(amount)) {
    throw new RangeError(`not a whole number of fen within range: ${amount}`);
  }
  return dinero({ amount: value, currency: CNY });
}

export const zero: Money = fen(0);

export function toFen(money: Money): number {
  const { amount } = toSnapshot(transformScale(money, 2));
  return amount;
}

/** "1234.5" → 123450 fen. Throws for anything but a non-negative decimal with at most two decimals. */
export function parseYuan(text: string): Money {
  const match = yuanPattern.exec(text);
  if (!match) throw new RangeError(`not an amount in yuan with at most two decimals: ${text}`);
  const [whole, fraction = ''] = text.split('.');
  return fen(Number(whole) * 100 + Number(fraction.padEnd(2, '0')));
}

/** 123450 fen → "1234.50". */
export function formatYuan(money: Money): string {
  return toDecimal(transformScale(money, 2));
}

export const plusMoney = (a: Money, b: Money): Money => add(a, b);
export const minusMoney = (a: Money, b: Money): Money => subtract(a, b);
export const sumMoney = (amounts: readonly Money[]): Money => amounts.reduce(plusMoney, zero);
export const isNegativeMoney = (money: Money): boolean => isNegative(money);

/** amount × rate, rounded once half-up to the fen. */
export function applyRatio(amount: Money, rate: Ratio): Money {
  return fen(roundHalfUp(times(whole(toFen(amount)), rate)));
}
