/**
 * Rates as exact decimals: "0.12" is 12% a year, held as the ratio 12/100, never as a
 * float. At most six decimal places (0.0001% steps), non-negative, at most 100%.
 */
import { ratio, type Ratio } from './rational';

export type AnnualRate = Ratio;
export const ratePattern = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;

export function parseRate(text: string): AnnualRate {
  if (!ratePattern.test(text)) throw new RangeError(`not a rate between 0 and 1 with at most six decimals: ${text}`);
  const [whole = '0', fraction = ''] = text.split('.');
  return ratio(BigInt(whole + fraction), 10n ** BigInt(fraction.length));
}

/** The shortest decimal string for a rate (every rate parsed from text has one). */
export function formatRate(rate: AnnualRate): string {
  for (let places = 0; places <= 12; places += 1) {
    const scale = 10n ** BigInt(places);
    if (scale % rate.denominator !== 0n) continue;
    const digits = ((rate.numerator * scale) / rate.denominator).toString().padStart(places + 1, '0');
    return places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  }
  throw new RangeError('the rate has no short decimal form');
}
