/** Schemas shared by several routes, and the building blocks of the OpenAPI document. */
import * as z from 'zod';
import { parseYuan, toFen, yuanPattern } from '../../core/money';
import { ratePattern } from '../../core/rate';

/** RFC 9457 problem details. */
export const problemDocument = z
  .object({
    type: z.string().meta({ description: 'A URN naming the kind of problem, e.g. urn:problem:invalid-request, urn:problem:unprocessable, urn:problem:internal.' }),
    title: z.string().meta({ description: 'The HTTP status’s short name.' }),
    status: z.number().int().meta({ description: 'The HTTP status code.' }),
    detail: z.string().optional().meta({ description: 'What went wrong, for a person, in the caller’s terms; a 5xx never names internals.' }),
    instance: z.string().optional().meta({ description: 'The request’s id, also sent as the x-request-id header: quote it to support.' }),
    errors: z
      .array(z.object({ path: z.string().meta({ description: 'Where: path., query. or body. and the field, e.g. body.amount.' }), message: z.string().meta({ description: 'What is wrong with it.' }) }))
      .optional()
      .meta({ description: 'On a 400: each field at fault.' }),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem document (application/problem+json): every 4xx and 5xx answer.' });

export const partStatus = z.object({
  status: z.enum(['ok', 'down']).meta({ description: 'Whether the platform can reach this part.' }),
  detail: z.string().optional().meta({ description: 'Why it is down: the state it reported, or the name of the error reaching it.' }),
});

export const healthReport = z
  .object({
    status: z.enum(['ok', 'degraded']).meta({ description: 'ok when every part is ok; degraded when one is down.' }),
    time: z.iso.datetime().meta({ description: 'The platform clock’s time of the check (ISO 8601, UTC).' }),
    parts: z.record(z.string(), partStatus).meta({ description: 'Each dependency the platform checks (the table, the custodian bank, each workflow), by name.' }),
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
  .meta({ id: 'YuanAmount', description: 'Money: a decimal string of yuan (CNY) with at most two decimals, e.g. "100000.00". Never a JSON number.', examples: ['100000.00'] });

/** A rate in the API: a decimal string, "0.12" is 12% a year; at most six decimals. */
export const rateText = z
  .string()
  .regex(ratePattern, 'a rate is a decimal string between 0 and 1 with at most six decimals, e.g. "0.12"')
  .meta({ id: 'Rate', description: 'A rate as a decimal string between 0 and 1 with at most six decimals: "0.12" is 12% (a year, for an interest rate).', examples: ['0.12'] });

export const calendarDate = z.iso.date().meta({ id: 'CalendarDate', description: 'A calendar day, YYYY-MM-DD, in the platform’s time zone (Asia/Shanghai).', examples: ['2026-12-01'] });

/** An amount in yuan within [min, max] (both "0.00"-style strings). */
export function yuanBetween(min: string, max: string) {
  const [low, high] = [toFen(parseYuan(min)), toFen(parseYuan(max))];
  return yuanAmount.refine((text) => {
    if (!yuanPattern.test(text)) return true; // the pattern's own message says what is wrong
    const amount = toFen(parseYuan(text));
    return amount >= low && amount <= high;
  }, `the amount must be from ${min} to ${max} yuan`);
}
