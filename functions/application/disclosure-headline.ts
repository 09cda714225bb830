/**
 * The disclosure's headline figures from the platform-figures module, all as they stood
 * at the month's end (Asia/Shanghai): flows (lent, related-party lending, compensated
 * from the risk reserve, debt transfers settled) of the month and cumulative, capped at its last day; stocks
 * (outstanding, overdue, borrowers and investors, concentration) summed from the
 * month-stamped moves of the counters up to that month, the top 10 from the ranking as
 * it stood then (platform-figures' monthEndFigures). The export's metadata says so
 * (stocksBasis: 'month-end').
 */
import { monthEnd } from '../core/disclosure-figures';
import type { HeadlineFigures } from '../core/disclosure-export';
import type { PlatformFiguresReport } from '../core/platform-counters';

type Tree = { readonly [name: string]: unknown };

function flatten(prefix: string, value: unknown, into: { name: string; value: string }[]): void {
  if (value !== null && typeof value === 'object') {
    for (const [name, inner] of Object.entries(value as Tree)) flatten(prefix ? `${prefix}.${name}` : name, inner, into);
  } else if (value !== undefined) {
    into.push({ name: prefix, value: String(value) });
  }
}

/** The headline from the month's figures (flows of the month) and the cumulative ones at its end (flows since the start, stocks). */
export function headlineOf(month: PlatformFiguresReport, cumulative: PlatformFiguresReport): HeadlineFigures {
  const entries: { name: string; value: string }[] = [];
  const flows = (report: PlatformFiguresReport) => ({ lent: report.lent, relatedParty: report.relatedParty, compensated: report.compensated, transfers: report.transfers, rescheduled: report.rescheduled });
  flatten('month', flows(month), entries);
  flatten('cumulative', flows(cumulative), entries);
  const { outstanding, borrowers, investors, overdue, concentration, fees } = cumulative;
  flatten('monthEnd', { outstanding, borrowers, investors, overdue, concentration }, entries);
  flatten('fees', fees, entries);
  return { flowsBasis: 'month-end', stocksBasis: 'month-end', entries };
}

/** The headline for a closed month. */
export async function disclosureHeadline(
  figures: { monthEndFigures(filter: { from?: string; to?: string }, month: string): Promise<PlatformFiguresReport> },
  month: string,
): Promise<HeadlineFigures> {
  const [inMonth, cumulative] = await Promise.all([figures.monthEndFigures({ from: `${month}-01`, to: monthEnd(month) }, month), figures.monthEndFigures({}, month)]);
  return headlineOf(inMonth, cumulative);
}
