/**
 * The disclosure's headline figures from the platform-figures module: flows (lent,
 * related-party lending, compensated from the risk reserve) of the month and cumulative,
 * capped at the month end; stocks (outstanding, overdue, borrowers and investors,
 * concentration) as at the export's generation, since the counters keep no history
 * (platformFigures' own note). The export's metadata says so (stocksBasis).
 */
import { monthEnd } from '../core/disclosure-figures';
import type { HeadlineFigures } from '../core/disclosure-export';
import { platformFigures, type PlatformFiguresReport } from './platform-figures';

type Tree = { readonly [name: string]: unknown };

function flatten(prefix: string, value: unknown, into: { name: string; value: string }[]): void {
  if (value !== null && typeof value === 'object') {
    for (const [name, inner] of Object.entries(value as Tree)) flatten(prefix ? `${prefix}.${name}` : name, inner, into);
  } else if (value !== undefined) {
    into.push({ name: prefix, value: String(value) });
  }
}

export function headlineOf(month: PlatformFiguresReport, cumulative: PlatformFiguresReport): HeadlineFigures {
  const entries: { name: string; value: string }[] = [];
  const flows = (report: PlatformFiguresReport) => ({ lent: report.lent, relatedParty: report.relatedParty, compensated: report.compensated });
  flatten('month', flows(month), entries);
  flatten('cumulative', flows(cumulative), entries);
  const { outstanding, borrowers, investors, overdue, concentration, fees } = cumulative;
  flatten('atGeneration', { outstanding, borrowers, investors, overdue, concentration }, entries);
  flatten('fees', fees, entries);
  return { flowsBasis: 'month-end', stocksBasis: 'generation-time', entries };
}

/** The headline for a closed month. */
export async function disclosureHeadline(month: string): Promise<HeadlineFigures> {
  const end = monthEnd(month);
  const asOf = new Date(`${end}T23:59:59.999+08:00`);
  const [inMonth, cumulative] = await Promise.all([platformFigures({ from: `${month}-01`, to: end }, asOf), platformFigures({}, asOf)]);
  return headlineOf(inMonth, cumulative);
}
