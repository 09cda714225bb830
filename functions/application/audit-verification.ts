/**
 * The daily verification of the audit trail (schedule `audit-verification`): every event
 * appended since the last verified one is verified (core/audit-chain.ts verifyChain: its
 * hash recomputed, its prevHash linked to the event before it, sequences contiguous, the
 * run ending at the chain's head), starting from the checkpoint the last run kept: the
 * sequence and hash of the last event it verified. A break raises AuditChainBreak (its
 * alarm pages operations) and leaves the checkpoint where it was, so every later run
 * raises it again until the trail is repaired. Each event is thus verified within a day of
 * being appended, against the hash kept when its predecessor was verified; an event
 * altered after that is found by GET /v1/audit (every page it serves is verified) and by
 * `npm run audit:verify` (the whole chain).
 */
import { verifyChain, type AuditEvent, type ChainHead } from '../core/audit-chain';
import type { AuditCheckpoint } from './ports/audit-checkpoint';
import type { OperationalSignals } from './ports/operational-signals';

export interface AuditVerificationPorts {
  readonly auditLog: {
    readHead(): Promise<ChainHead | undefined>;
    /** The events after `event` (undefined: the whole chain), page by page, in chain order. */
    auditEventsAfter(event: Pick<AuditEvent, 'sequence' | 'at'> | undefined): AsyncIterable<readonly AuditEvent[]>;
    readCheckpoint(): Promise<AuditCheckpoint | undefined>;
    /** Moves the checkpoint forward only (a slower concurrent run never moves it back). */
    saveCheckpoint(checkpoint: AuditCheckpoint): Promise<void>;
  };
  readonly signals: Pick<OperationalSignals, 'raise'>;
}

export interface AuditVerificationSummary {
  readonly valid: boolean;
  /** Events this run read to verify (after the checkpoint, up to the head). */
  readonly checked: number;
  /** The last verified event's sequence (0: none yet). */
  readonly verifiedThrough: number;
  readonly firstBreak?: { readonly sequence: number; readonly reason: string };
}

export async function verifyAuditTrail(ports: AuditVerificationPorts, at: Date): Promise<AuditVerificationSummary> {
  const { auditLog, signals } = ports;
  const checkpoint = await auditLog.readCheckpoint();
  // The head first: every event up to it is in the table (written in one transaction with
  // it); events appended while the chain is read are beyond it, and left for the next run.
  const head = await auditLog.readHead();
  const events: AuditEvent[] = [];
  for await (const page of auditLog.auditEventsAfter(checkpoint)) {
    events.push(...page.filter((event) => event.sequence <= (head?.sequence ?? 0)));
  }
  const verification = verifyChain(events, { ...(checkpoint ? { previous: checkpoint } : {}), ...(head ? { head } : {}), complete: true });
  if (!verification.valid) {
    const { sequence, reason } = verification.firstBreak!;
    signals.raise('AuditChainBreak', { sequence, reason });
    return { valid: false, checked: verification.checked, verifiedThrough: checkpoint?.sequence ?? 0, firstBreak: { sequence, reason } };
  }
  const last = events[events.length - 1];
  if (last) await auditLog.saveCheckpoint({ sequence: last.sequence, hash: last.hash, at: last.at, verifiedAt: at.toISOString() });
  return { valid: true, checked: events.length, verifiedThrough: last?.sequence ?? checkpoint?.sequence ?? 0 };
}
