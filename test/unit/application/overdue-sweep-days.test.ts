/**
 * Which DUE# days a sweep reads (application/overdue-sweep.ts dueDatesToSweep): after the
 * last completed sweep, up to yesterday — one day on a normal night, every missed night
 * caught up, the first sweep `lookbackDays` back, and yesterday again on a re-run.
 */
import fc from 'fast-check';
import { addDays } from '../../../functions/core/calendar';
import { dueDatesToSweep, lookbackDays } from '../../../functions/application/overdue-sweep';

test('a normal night reads yesterday only; a first sweep reads the lookback; a re-run reads yesterday again', () => {
  expect(dueDatesToSweep('2027-03-10', '2027-03-08')).toEqual(['2027-03-09']);
  expect(dueDatesToSweep('2027-03-10', undefined)).toHaveLength(lookbackDays);
  expect(dueDatesToSweep('2027-03-10', undefined).at(-1)).toBe('2027-03-09');
  expect(dueDatesToSweep('2027-03-10', '2027-03-09')).toEqual(['2027-03-09']);
  expect(dueDatesToSweep('2027-03-01', '2027-02-26')).toEqual(['2027-02-27', '2027-02-28']);
});

test('over any run of nights, some missed, every due date is read at least once and none before the first', () => {
  fc.assert(
    fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }), (ran) => {
      const start = '2027-01-01';
      let swept: string | undefined;
      const read = new Set<string>();
      ran.forEach((completes, index) => {
        const today = addDays(start, index + 1);
        const days = dueDatesToSweep(today, swept);
        if (!completes) return; // a failed night records nothing; the next one reads its days too
        days.forEach((day) => read.add(day));
        swept = days.at(-1);
      });
      const lastCompleted = ran.lastIndexOf(true);
      const firstCompleted = ran.indexOf(true);
      if (lastCompleted < 0) return;
      for (let index = firstCompleted; index <= lastCompleted; index += 1) expect(read.has(addDays(start, index))).toBe(true);
    }),
  );
});
