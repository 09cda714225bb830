/** Schemas shared by several routes, and the building blocks of the OpenAPI document. */
import * as z from 'zod';
import { parseYuan, toFen, yuanPattern } from '../../core/money';
import { ratePattern } from '../../core/rate';

/** RFC 9457 problem details. */
export const problemDocument = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export const partStatus = z.object({
  status: z.enum(['ok', 'down']),
  detail: z.string().optional(),
});

export const healthReport = z
  .object({
    status: z.enum(['ok', 'degraded']),
    time: z.iso.datetime(),
    parts: z.record(z.string(), partStatus),
  })
  .meta({ id: 'HealthReport' });
export type HealthReport = z.infer<typeof healthReport>;

/**
 * An amount of money in the API: a decimal string in yuan with at most two decimals.
 * A JSON number, a third decimal, a sign or an exponent is refused (400), so a float
 * never carries money into the platform.
 */
export const yuanAmount = z
  .string()
  .regex(yuanPattern, 'an amount is a string of yuan with at most two decimals, e.g. "100000.00"')
  .meta({ id: 'YuanAmount', examples: ['100000.00'] });

/** A rate in the API: a decimal string, "0.12" is 12% a year; at most six decimals. */
export const rateText = z
  .string()
  .regex(ratePattern, 'a rate is a decimal string between 0 and 1 with at most six decimals, e.g. "0.12"')
  .meta({ id: 'Rate', examples: ['0.12'] });

export const calendarDate = z.iso.date().meta({ id: 'CalendarDate', examples: ['2026-12-01'] });

/** An amount in yuan within [min, max] (both "0.00"-style strings). */
export function yuanBetween(min: string, max: string) {
  const [low, high] = [toFen(parseYuan(min)), toFen(parseYuan(max))];
  return yuanAmount.refine((text) => {
    if (!yuanPattern.test(text)) return true; // the pattern's own message says what is wrong
    const amount = toFen(parseYuan(text));
    return amount >= low && amount <= high;
  }, `the amount must be from ${min} to ${max} yuan`);
}
