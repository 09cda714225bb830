/**
 * What every benchmark figure shares: timing helpers (throughput at a fixed
 * concurrency, latency samples, percentiles) and the result line the runner
 * (test/bench/run.ts) collects. Each figure is a RATIO of two things measured in the
 * same run, because these machines are shared and noisy; the absolute numbers are
 * printed alongside for context only.
 */

export interface FigureResult {
  /** The row's name, e.g. "hot-listing bid throughput" or "cold start: functions/http/get-loan.ts". */
  readonly figure: string;
  /** The absolute numbers behind the ratio, for humans. */
  readonly measured: string;
  readonly ratio: number;
  /** e.g. "≥ 0.5" or "≤ 3". */
  readonly goal: string;
  readonly pass: boolean;
}

export const resultPrefix = 'BENCH_RESULT ';

/** Prints the results as lines the runner picks up (and a human can read). */
export function emit(results: readonly FigureResult[]): void {
  for (const result of results) console.log(`${resultPrefix}${JSON.stringify(result)}`);
}

export const atLeast = (goal: number) => ({ goal: `≥ ${goal}`, pass: (ratio: number) => ratio >= goal });
export const atMost = (goal: number) => ({ goal: `≤ ${goal}`, pass: (ratio: number) => ratio <= goal });

export function result(figure: string, measured: string, ratio: number, goal: { goal: string; pass: (ratio: number) => boolean }): FigureResult {
  return { figure, measured, ratio, goal: goal.goal, pass: Number.isFinite(ratio) && goal.pass(ratio) };
}

export const elapsedMs = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e6;

/** Runs `operations` calls of `work` with `concurrency` workers; throughput counts successes only. */
export async function throughput(
  label: string,
  options: { concurrency: number; operations: number },
  work: (index: number) => Promise<unknown>,
): Promise<{ perSecond: number; ok: number; failed: number; seconds: number; firstError?: unknown }> {
  let next = 0;
  let failed = 0;
  let firstError: unknown;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.operations) {
        const index = next++;
        await work(index).catch((error: unknown) => {
          failed += 1;
          firstError ??= error;
        });
      }
    }),
  );
  const seconds = elapsedMs(started) / 1000;
  const ok = options.operations - failed;
  const perSecond = ok / seconds;
  console.log(`${label}: ${ok} ok, ${failed} failed in ${seconds.toFixed(2)} s → ${perSecond.toFixed(0)}/s`);
  if (firstError) console.log(`  first failure: ${(firstError as Error).name}: ${(firstError as Error).message}`);
  return { perSecond, ok, failed, seconds, ...(firstError ? { firstError } : {}) };
}

/** Milliseconds one call takes. */
export async function latency(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return elapsedMs(started);
}

/** Nearest-rank percentile (p in 0..100) of samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** A whole-number setting from the environment. */
export function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, not ${raw}`);
  return value;
}
