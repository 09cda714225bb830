/**
 * An investor's statement for a past month or year (GET /v1/me/statements/{period}), as
 * JSON, CSV or PDF. Made once: the first request builds it from the investor's cash flows
 * (./investor-cash-flows.ts) and stores it write-once under the investor's id
 * (statementDocumentKey; S3 If-None-Match on AWS); every later request, and a concurrent
 * first one that lost the race, returns the stored statement, so it never changes. CSV and
 * PDF are rendered from the stored statement, deterministically (the same bytes each time).
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import { DocumentConflictError } from '../core/errors';
import { buildStatement, pastStatementPeriod, statementCsv, statementDocumentKey, type InvestorStatement } from '../core/investor-statement';
import { maskedUserRef } from '../core/loan-agreement';
import { investorCashFlows, type InvestorCashFlowPorts } from './investor-cash-flows';
import type { DocumentStore } from './ports/origination-documents';

export type StatementFormat = 'json' | 'csv' | 'pdf';

export interface InvestorStatementPorts extends InvestorCashFlowPorts {
  readonly documents: () => DocumentStore;
  readonly renderer: { renderStatementPdf(statement: InvestorStatement): Promise<Uint8Array> };
}

const parse = (bytes: Uint8Array): InvestorStatement => JSON.parse(new TextDecoder().decode(bytes)) as InvestorStatement;

/** The stored statement of the period, made and stored first if there is none. */
export async function investorStatement(ports: InvestorStatementPorts, investorId: string, period: string, at: Date): Promise<InvestorStatement> {
  const past = pastStatementPeriod(period, businessDate(at, platformTimeZone));
  const key = statementDocumentKey(investorId, period);
  const store = ports.documents();
  const stored = await store.get(key);
  if (stored) return parse(stored);
  const { flows } = await investorCashFlows(ports, investorId);
  const statement = buildStatement(maskedUserRef(investorId), past, flows, at.toISOString());
  try {
    await store.putOnce(key, new TextEncoder().encode(JSON.stringify(statement)), 'application/json');
    return statement;
  } catch (error) {
    if (!(error instanceof DocumentConflictError)) throw error;
    const winner = await store.get(key);
    if (!winner) throw error;
    return parse(winner);
  }
}

export interface StatementDocument {
  readonly statement: InvestorStatement;
  readonly format: StatementFormat;
  /** For CSV and PDF: the rendered bytes. */
  readonly bytes?: Uint8Array;
}

export async function investorStatementDocument(ports: InvestorStatementPorts, investorId: string, period: string, format: StatementFormat, at: Date): Promise<StatementDocument> {
  const statement = await investorStatement(ports, investorId, period, at);
  if (format === 'csv') return { statement, format, bytes: new TextEncoder().encode(statementCsv(statement)) };
  if (format === 'pdf') return { statement, format, bytes: await ports.renderer.renderStatementPdf(statement) };
  return { statement, format };
}
