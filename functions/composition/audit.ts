/** The composition of the audit trail: the hash-chained audit log in the table. */
import type { AuditTrailPorts } from '../application/audit-trail';
import { appendAuditEvents } from '../adapters/dynamodb/audit-log-repository';
import { signals } from './observability';

export const auditTrail: AuditTrailPorts = { auditLog: { appendAuditEvents }, signals };
