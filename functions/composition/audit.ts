/** The composition of the audit trail: the hash-chained audit log in the table, appended to, read verified, and verified daily. */
import type { AuditEventsPorts } from '../application/audit-events';
import type { AuditTrailPorts } from '../application/audit-trail';
import type { AuditVerificationPorts } from '../application/audit-verification';
import { appendAuditEvents, auditEventsAfter, listAuditEvents, readCheckpoint, readHead, saveCheckpoint } from '../adapters/dynamodb/audit-log-repository';
import { signals } from './observability';

export const auditTrail: AuditTrailPorts = { auditLog: { appendAuditEvents }, signals };

export const auditEvents: AuditEventsPorts = { auditLog: { listAuditEvents, readHead }, signals };

export const auditVerification: AuditVerificationPorts = { auditLog: { readHead, auditEventsAfter, readCheckpoint, saveCheckpoint }, signals };
