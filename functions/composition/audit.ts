/** The composition of the audit trail: the hash-chained audit log in the table, appended to and read verified. */
import type { AuditEventsPorts } from '../application/audit-events';
import type { AuditTrailPorts } from '../application/audit-trail';
import { appendAuditEvents, listAuditEvents, readHead } from '../adapters/dynamodb/audit-log-repository';
import { signals } from './observability';

export const auditTrail: AuditTrailPorts = { auditLog: { appendAuditEvents }, signals };

export const auditEvents: AuditEventsPorts = { auditLog: { listAuditEvents, readHead }, signals };
