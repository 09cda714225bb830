/**
 * The composition of the investor's statements: their cash flows (./investor-portfolio.ts),
 * the document store (statements are stored once) and the statement renderer (pdf-lib and
 * the font are loaded when a PDF is first rendered, not at init: cold start).
 */
import { investorStatementDocument, type InvestorStatementPorts, type StatementFormat } from '../application/investor-statements';
import type { InvestorStatement } from '../core/investor-statement';
import { documentStore } from '../adapters/documents/document-store';
import { investorCashFlowPorts } from './investor-portfolio';

const statementPorts: InvestorStatementPorts = {
  ...investorCashFlowPorts,
  documents: documentStore,
  renderer: { renderStatementPdf: async (statement: InvestorStatement) => (await import('../adapters/documents/statement-pdf')).renderStatementPdf(statement) },
};

export const statementOf = (investorId: string, period: string, format: StatementFormat, at: Date) => investorStatementDocument(statementPorts, investorId, period, format, at);
