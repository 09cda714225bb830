/** GET /v1/audit: the audit log's events in a time range, with the verification of what is returned. */
import * as z from 'zod';
import { calendarDate } from './common';

const instantOrDate = z.union([z.iso.datetime({ offset: true }), calendarDate]);

export const auditQuery = z
  .object({
    from: instantOrDate.optional().meta({ description: 'From this instant, or from the start of this business date (Asia/Shanghai), inclusive.' }),
    to: instantOrDate.optional().meta({ description: 'Up to this instant (exclusive), or to the end of this business date (inclusive).' }),
    limit: z.string().regex(/^([1-9]\d{0,2}|1000)$/, 'a limit is 1 to 1000').optional(),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .strict();

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);
const snapshot = z
  .object({
    fields: z.record(z.string(), fieldValue).meta({ description: 'The audited fields of the record: ids, statuses, amounts; never personal data.' }),
    digest: z.string().meta({ description: 'The SHA-256 of the whole record as it was, lower-case hex.' }),
  })
  .meta({ id: 'AuditSnapshot', description: 'What the event keeps of a record: its audited fields and a digest of all of it.' });

export const auditEvent = z
  .object({
    sequence: z.number().int().positive().meta({ description: 'The event’s place in the hash chain, from 1, without gaps.' }),
    at: z.string().meta({ description: 'When the change was made (ISO 8601, UTC).' }),
    kind: z.string().meta({ description: 'What kind of record changed.' }),
    change: z.enum(['INSERT', 'MODIFY', 'REMOVE']).meta({ description: 'Whether the record was created, changed or removed.' }),
    entity: z.object({ pk: z.string(), sk: z.string() }).meta({ description: 'Which record changed: its table key.' }),
    before: snapshot.optional().meta({ description: 'The audited fields before the change (absent on INSERT).' }),
    after: snapshot.optional().meta({ description: 'The audited fields after the change (absent on REMOVE).' }),
    who: z.string().meta({ description: 'Who made the change: a user id, public, custodian-bank, schedule:{name} or workflow:{task}.' }),
    requestId: z.string().optional(),
    streamEventId: z.string().meta({ description: 'The table stream’s id of the change, so each change is recorded once.' }),
    changedAt: z.string().optional(),
    prevHash: z.string().meta({ description: 'The hash of the event before (64 zeros for the first): the link of the chain.' }),
    hash: z.string().meta({ description: 'The SHA-256 of this event’s canonical form, prevHash included, lower-case hex.' }),
  })
  .meta({ id: 'AuditEvent' });

export const chainVerification = z
  .object({
    valid: z.boolean().meta({ description: 'Whether the returned events verify: each hash recomputes, each prevHash is the hash of the event before, the sequences have no gap, and a run that ends at the head matches it.' }),
    checked: z.number().int().meta({ description: 'How many events were checked.' }),
    firstSequence: z.number().int().optional().meta({ description: 'The first sequence checked.' }),
    lastSequence: z.number().int().optional().meta({ description: 'The last sequence checked.' }),
    firstBreak: z
      .object({
        sequence: z.number().int().meta({ description: 'The event where the chain breaks.' }),
        reason: z.enum(['hash-mismatch', 'broken-link', 'gap', 'out-of-order', 'head-mismatch']),
        detail: z.string().meta({ description: 'What does not match.' }),
      })
      .optional()
      .meta({ description: 'Where and why the chain first breaks, when it does.' }),
  })
  .meta({ id: 'AuditChainVerification', description: 'The verification of the events returned, done by the platform as it read them.' });

export const auditPage = z
  .object({
    items: z.array(auditEvent),
    nextCursor: z.string().optional(),
    verification: chainVerification,
    head: z
      .object({
        sequence: z.number().int().meta({ description: 'The last event’s sequence.' }),
        hash: z.string().meta({ description: 'The last event’s hash.' }),
        at: z.string().meta({ description: 'When the last event was chained (ISO 8601, UTC).' }),
      })
      .nullable()
      .meta({ description: 'The chain’s head (its last event) when read; null before the first event.' }),
  })
  .meta({ id: 'AuditPage' });
