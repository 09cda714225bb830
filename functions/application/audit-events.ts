/**
 * Reading the audit trail (GET /v1/audit): a page of audit events in chain order, with the
 * verification of the page (core/audit-chain.ts verifyChain: each hash recomputed, each
 * prevHash linked to the event before it, the first one to the event before the page,
 * sequences contiguous, the last event of the chain matching its head) and the head. A
 * page that does not verify raises the AuditChainBreak signal: someone altered, removed or
 * reordered the trail, and operations are paged while the auditor sees the break.
 */
import { verifyChain, type AuditEvent, type ChainHead, type ChainVerification } from '../core/audit-chain';
import type { OperationalSignals } from './ports/operational-signals';

export interface AuditPageQuery {
  readonly fromIso?: string | undefined;
  readonly toIso?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface AuditEventsPorts {
  readonly auditLog: {
    listAuditEvents(query: AuditPageQuery): Promise<{ readonly events: AuditEvent[]; readonly nextCursor?: string; readonly previous?: AuditEvent }>;
    readHead(): Promise<ChainHead | undefined>;
  };
  readonly signals: Pick<OperationalSignals, 'raise'>;
}

export interface VerifiedAuditPage {
  readonly items: AuditEvent[];
  readonly nextCursor?: string;
  readonly verification: ChainVerification;
  readonly head: ChainHead | null;
}

export async function verifiedAuditPage(ports: AuditEventsPorts, query: AuditPageQuery): Promise<VerifiedAuditPage> {
  const page = await ports.auditLog.listAuditEvents(query);
  // The head after the page: it moves with its events in one transaction, so it is never behind them.
  const head = await ports.auditLog.readHead();
  const verification = verifyChain(page.events, { ...(page.previous ? { previous: page.previous } : {}), ...(head ? { head } : {}) });
  if (!verification.valid) ports.signals.raise('AuditChainBreak', { sequence: verification.firstBreak?.sequence, reason: verification.firstBreak?.reason });
  return { items: page.events, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}), verification, head: head ?? null };
}
