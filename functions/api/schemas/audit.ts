/** GET /v1/audit: the audit log's events in a time range, with the verification of what is returned. */
import * as z from 'zod';
import { calendarDate } from './common';

const instantOrDate = z.union([z.iso.datetime({ offset: true }), calendarDate]);

export const auditQuery = z
  .object({
    /** From this instant, or from the start of this business date (Asia/Shanghai), inclusive. */
    from: instantOrDate.optional(),
    /** Up to this instant (exclusive), or to the end of this business date (inclusive). */
    to: instantOrDate.optional(),
    limit: z.string().regex(/^([1-9]\d{0,2}|1000)$/, 'a limit is 1 to 1000').optional(),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .strict();

const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);
const snapshot = z.object({ fields: z.record(z.string(), fieldValue), digest: z.string() }).meta({ id: 'AuditSnapshot' });

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
    streamEventId: z.string(),
    changedAt: z.string().optional(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEvent' });

export const chainVerification = z
  .object({
    valid: z.boolean(),
    checked: z.number().int(),
    firstSequence: z.number().int().optional(),
    lastSequence: z.number().int().optional(),
    firstBreak: z.object({ sequence: z.number().int(), reason: z.enum(['hash-mismatch', 'broken-link', 'gap', 'out-of-order', 'head-mismatch']), detail: z.string() }).optional(),
  })
  .meta({ id: 'AuditChainVerification' });

export const auditPage = z
  .object({
    items: z.array(auditEvent),
    nextCursor: z.string().optional(),
    verification: chainVerification,
    head: z.object({ sequence: z.number().int(), hash: z.string(), at: z.string() }).nullable(),
  })
  .meta({ id: 'AuditPage' });
