/** The last audit event the daily verification found sound (application/audit-verification.ts). */
import type { AuditEvent } from '../../core/audit-chain';

export interface AuditCheckpoint extends Pick<AuditEvent, 'sequence' | 'hash' | 'at'> {
  readonly verifiedAt: string;
}
