/**
 * Daily verification of the audit trail (04:00 Asia/Shanghai): the events appended since
 * the last verified one (functions/application/audit-verification.ts). A break raises
 * the AuditChainBreak failure signal, which pages operations.
 */
import { now } from '../adapters/runtime/clock';
import { scheduledJob } from '../adapters/runtime/scheduled-job';
import { verifyAuditTrail } from '../application/audit-verification';
import { auditVerification } from '../composition/audit';

export const handler = scheduledJob('audit-verification', async () => ({ ...(await verifyAuditTrail(auditVerification, now())) }));
