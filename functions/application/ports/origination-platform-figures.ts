/**
 * The platform-figures counters as the projection (application/platform-figures-projection.ts)
 * reads and moves them; the keys and the DynamoDB transactions live in
 * adapters/dynamodb/platform-figures-store.ts.
 */
import type { LoanAggregate } from '../../core/platform-counters';

/** The projection's view of a loan: its aggregate, a version (optimistic writes) and whether it was lent. */
export type StatsAggregate = LoanAggregate & { readonly version: number; readonly lent: boolean };

/** A counter item the projection ADDs to. */
export type CounterKey =
  | { readonly of: 'stock'; readonly cell: string }
  | { readonly of: 'stockMove'; readonly cell: string; readonly month: string }
  | { readonly of: 'flowAll'; readonly cell: string }
  | { readonly of: 'flowMonth'; readonly cell: string; readonly month: string }
  | { readonly of: 'flowDay'; readonly cell: string; readonly day: string }
  | { readonly of: 'dueMove'; readonly month: string; readonly sk: string }
  | { readonly of: 'vintage'; readonly cohort: string; readonly month: string };

/** A view the projection keeps, written on its version. */
export type ViewKey =
  | { readonly of: 'loan'; readonly loanId: string }
  | { readonly of: 'borrowerCell'; readonly borrowerId: string; readonly cell: string }
  | { readonly of: 'investorCell'; readonly investorId: string; readonly cell: string };

/** One write of a step; a step's writes are applied together, with its marker, or not at all. */
export type FiguresWrite =
  /** ADD the non-zero `values`; with `lastMonth`, also move the item's month (it only grows: a racing writer cancels the step). */
  | { readonly kind: 'add'; readonly key: CounterKey; readonly values: Readonly<Record<string, number>>; readonly lastMonth?: string }
  /** The view at `previousVersion + 1` (created when `previousVersion` is undefined). */
  | { readonly kind: 'view'; readonly key: ViewKey; readonly item: Readonly<Record<string, unknown>>; readonly previousVersion: number | undefined }
  | { readonly kind: 'rank'; readonly op: 'put' | 'delete'; readonly cell: string; readonly borrowerId: string; readonly outstandingFen: number }
  /** The investor holds the loan (created once). */
  | { readonly kind: 'hold'; readonly loanId: string; readonly investorId: string }
  /** The holding closes (once). */
  | { readonly kind: 'closeHold'; readonly loanId: string; readonly investorId: string };

/** A racing writer changed what a step read: it is read again and retried. */
export class StepConflict extends Error {}

export interface PlatformFiguresStore {
  readLoanView(loanId: string): Promise<StatsAggregate | undefined>;
  /** The borrower's view in each of `cells`, by cell (absent: none yet), in one read. */
  readBorrowerCells(borrowerId: string, cells: readonly string[]): Promise<ReadonlyMap<string, Readonly<Record<string, unknown>>>>;
  /** The investor's view in each of `cells`, by cell (absent: none yet), in one read. */
  readInvestorCells(investorId: string, cells: readonly string[]): Promise<ReadonlyMap<string, Readonly<Record<string, unknown>>>>;
  /** The latest month each cell's stock saw a loan change in, by cell (absent: none yet), in one read. */
  stocksLastMonth(cells: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** Keeps the cell's top 10 as it stands as the ranking at the end of `month` (the first writer wins). */
  snapshotTop(cell: string, month: string): Promise<void>;
  hasHold(loanId: string, investorId: string): Promise<boolean>;
  holdsOf(loanId: string): AsyncIterable<ReadonlyArray<Readonly<Record<string, unknown>>>>;
  /** The loan's item as it is now. */
  loanItem(loanId: string): Promise<Record<string, unknown> | undefined>;
  isRelatedParty(userId: string): Promise<boolean>;
  /** Items the store writes itself (they come back on the stream and are ignored). */
  isOwnItem(pk: string): boolean;
  /** Applies the step with its marker; false when the marker says it was applied before; StepConflict on a race. */
  applyStep(eventId: string, step: string, writes: readonly FiguresWrite[], at: Date): Promise<boolean>;
}
