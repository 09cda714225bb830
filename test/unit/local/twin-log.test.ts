import { schedules } from '../../../functions/manifest/schedules';
import { TwinClock } from '../../../lib/local/clock';
import type { LocalFunctions } from '../../../lib/local/functions';
import { LocalScheduler } from '../../../lib/local/scheduler';
import { twinLog } from '../../../lib/local/twin-log';

test('an event is one JSON line, stamped with the given clock, without undefined fields', () => {
  const lines: string[] = [];
  const log = twinLog((line) => lines.push(line), () => new Date('2027-01-01T02:00:00Z'));
  log('workflow.ended', { workflow: 'loan-origination', execution: 'loan-1', status: 'SUCCEEDED', error: undefined });
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toContain('\n');
  expect(JSON.parse(lines[0] ?? '')).toEqual({ twin: 'workflow.ended', at: '2027-01-01T02:00:00.000Z', workflow: 'loan-origination', execution: 'loan-1', status: 'SUCCEEDED' });
});

/** Runs the overdue sweep by hand through a scheduler whose handler answers with `outcome`. */
async function runSweep(outcome: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const clock = await TwinClock.open();
  const lines: string[] = [];
  const functions = { invoke: outcome } as unknown as LocalFunctions;
  const scheduler = new LocalScheduler(schedules, clock, functions, twinLog((line) => lines.push(line), () => clock.now()));
  await scheduler.runNow('overdue-sweep');
  clock.stop();
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('a schedule run is logged once, with its name and scheduled time', async () => {
  const events = await runSweep(async () => ({ loansSwept: 0 }));
  expect(events).toEqual([expect.objectContaining({ twin: 'schedule.ran', schedule: 'overdue-sweep', result: 'ok', scheduledTime: expect.any(String) })]);
});

test('a failed schedule run is logged with the error name, never its message', async () => {
  const events = await runSweep(async () => {
    throw new RangeError('borrower 张三 13812345678 has no loan');
  });
  expect(events).toEqual([expect.objectContaining({ twin: 'schedule.ran', schedule: 'overdue-sweep', result: 'failed', error: 'RangeError' })]);
  expect(JSON.stringify(events)).not.toMatch(/张三|13812345678/);
});
