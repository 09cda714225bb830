/**
 * The daily verification of the audit trail (application/audit-verification.ts), against
 * an in-memory chain: each run verifies the events appended since the last checkpoint and
 * moves the checkpoint; an altered or missing event after it raises AuditChainBreak and
 * keeps the checkpoint, so the next run raises it again; events beyond the head are left
 * for the next run.
 */
import { auditEventBodyOf, nextEvent, type AuditEvent, type ChainHead } from '../../../functions/core/audit-chain';
import { verifyAuditTrail, type AuditVerificationPorts } from '../../../functions/application/audit-verification';
import type { AuditCheckpoint } from '../../../functions/application/ports/audit-checkpoint';
import { InMemorySignals } from '../../support/in-memory/operational-signals';

class InMemoryAuditLog {
  events: AuditEvent[] = [];
  head: ChainHead | undefined;
  checkpoint: AuditCheckpoint | undefined;
  /** Sequences handed to the verification by the last run. */
  read: number[] = [];

  append(count: number, moveHead = true): void {
    for (let index = 0; index < count; index += 1) {
      const previous = this.events[this.events.length - 1];
      const status = `STATUS-${this.events.length}`;
      const body = auditEventBodyOf({ eventName: 'MODIFY', streamEventId: `event-${this.events.length}`, keys: { pk: 'LOAN#loan-a', sk: 'LOAN' }, newImage: { pk: 'LOAN#loan-a', sk: 'LOAN', loanId: 'loan-a', status } })!;
      this.events.push(nextEvent(previous, body, new Date(Date.UTC(2026, 10, 1, 0, 0, this.events.length))));
    }
    const last = this.events[this.events.length - 1]!;
    if (moveHead) this.head = { sequence: last.sequence, hash: last.hash, at: last.at };
  }

  ports(signals: InMemorySignals): AuditVerificationPorts {
    return {
      auditLog: {
        readHead: async () => this.head,
        auditEventsAfter: (event) => {
          const after = this.events.filter((candidate) => event === undefined || candidate.sequence > event.sequence);
          this.read = after.map((candidate) => candidate.sequence);
          // Two pages, as a query would return them.
          const middle = Math.ceil(after.length / 2);
          return (async function* pages() {
            yield after.slice(0, middle);
            yield after.slice(middle);
          })();
        },
        readCheckpoint: async () => this.checkpoint,
        saveCheckpoint: async (checkpoint) => {
          if (!this.checkpoint || this.checkpoint.sequence < checkpoint.sequence) this.checkpoint = checkpoint;
        },
      },
      signals,
    };
  }
}

const at = new Date('2026-11-02T20:00:00.000Z');

test('each run verifies only what was appended since the last one, and moves the checkpoint to the head', async () => {
  const log = new InMemoryAuditLog();
  const signals = new InMemorySignals();
  expect(await verifyAuditTrail(log.ports(signals), at)).toEqual({ valid: true, checked: 0, verifiedThrough: 0 });
  expect(log.checkpoint).toBeUndefined();

  log.append(5);
  expect(await verifyAuditTrail(log.ports(signals), at)).toEqual({ valid: true, checked: 5, verifiedThrough: 5 });
  expect(log.checkpoint).toEqual({ sequence: 5, hash: log.events[4]!.hash, at: log.events[4]!.at, verifiedAt: at.toISOString() });

  log.append(3);
  expect(await verifyAuditTrail(log.ports(signals), at)).toEqual({ valid: true, checked: 3, verifiedThrough: 8 });
  expect(log.read).toEqual([6, 7, 8]);
  expect(signals.raised).toEqual([]);
});

test('events appended beyond the head it read are left for the next run', async () => {
  const log = new InMemoryAuditLog();
  log.append(4);
  log.append(2, false);
  expect(await verifyAuditTrail(log.ports(new InMemorySignals()), at)).toMatchObject({ valid: true, checked: 4, verifiedThrough: 4 });
});

test('an altered or missing event after the checkpoint raises AuditChainBreak and keeps the checkpoint; the next run raises it again', async () => {
  const log = new InMemoryAuditLog();
  const signals = new InMemorySignals();
  log.append(4);
  await verifyAuditTrail(log.ports(signals), at);
  log.append(4);
  const original = log.events[5]!;
  log.events[5] = { ...original, who: 'mallory' };
  const broken = { valid: false, checked: 4, verifiedThrough: 4, firstBreak: { sequence: 6, reason: 'hash-mismatch' } };
  expect(await verifyAuditTrail(log.ports(signals), at)).toEqual(broken);
  expect(await verifyAuditTrail(log.ports(signals), at)).toEqual(broken);
  expect(log.checkpoint?.sequence).toBe(4);
  expect(signals.raised).toEqual([
    { signal: 'AuditChainBreak', ids: { sequence: 6, reason: 'hash-mismatch' } },
    { signal: 'AuditChainBreak', ids: { sequence: 6, reason: 'hash-mismatch' } },
  ]);

  log.events.splice(5, 1); // removed instead
  expect(await verifyAuditTrail(log.ports(signals), at)).toMatchObject({ valid: false, firstBreak: { sequence: 7, reason: 'gap' } });
  log.events.splice(5, 0, original);
  expect(await verifyAuditTrail(log.ports(signals), at)).toEqual({ valid: true, checked: 4, verifiedThrough: 8 });
});

test('an event linked to another than the checkpoint’s (the chain replaced after it) is a broken link', async () => {
  const log = new InMemoryAuditLog();
  log.append(3);
  await verifyAuditTrail(log.ports(new InMemorySignals()), at);
  log.checkpoint = { ...log.checkpoint!, hash: 'f'.repeat(64) };
  log.append(1);
  expect(await verifyAuditTrail(log.ports(new InMemorySignals()), at)).toMatchObject({ valid: false, firstBreak: { sequence: 4, reason: 'broken-link' } });
});
