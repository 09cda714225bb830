/**
 * The records the compliance self-check reads (application/compliance.ts): the daily
 * reconciliation reports (RECONCILIATION#{date} / REPORT), the loan book and the
 * collection reminders, and what the borrowers' profiles say (related party, staff, birth date).
 *
 * The loan book is read whole, once, by a paginated Scan filtered to loan items
 * (LOAN#… / LOAN) and reminder actions (COLLECTION#… / ACTION#…#REMINDER_SENT), projected
 * to the fields the rules read: an oversight read an auditor asks for, not a hot path
 * (the public figures are kept incrementally, never by a scan).
 */
import { ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ComplianceRecords } from '../../application/ports/compliance-records';
import type { ComplianceLoan } from '../../core/compliance';
import { staffRoles } from '../../core/roles';
import { config } from '../../settings/settings';
import { batchGetAll, documents } from './client';
import { userKey } from './user-repository';

const reportKey = (date: string) => ({ pk: `RECONCILIATION#${date}`, sk: 'REPORT' });

async function scanAll(input: ScanCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export const complianceRecords: ComplianceRecords = {
  async reconciliations(dates) {
    const items = await batchGetAll(config.tableName(), dates.map(reportKey), { projection: { expression: 'businessDate, #status', names: { '#status': 'status' } } });
    return items.map((item) => ({ businessDate: String(item.businessDate), status: item.status === 'BALANCED' ? 'BALANCED' : 'DIFFERENCES' }));
  },

  async loanBook() {
    const items = await scanAll({
      TableName: config.tableName(),
      FilterExpression: '(sk = :loan AND begins_with(pk, :loanPrefix)) OR (begins_with(pk, :collection) AND begins_with(sk, :action) AND #kind = :reminder)',
      ProjectionExpression: 'pk, sk, loanId, borrowerId, #kind, #status, amountFen, annualRate, investorCount, purposeCategory, createdAt, disbursedAt, #at',
      ExpressionAttributeNames: { '#kind': 'kind', '#status': 'status', '#at': 'at' },
      ExpressionAttributeValues: { ':loan': 'LOAN', ':loanPrefix': 'LOAN#', ':collection': 'COLLECTION#', ':action': 'ACTION#', ':reminder': 'REMINDER_SENT' },
      ConsistentRead: true,
    });
    const loans = items.filter((item) => item.sk === 'LOAN').map((item) => {
      const { pk: _pk, sk: _sk, at: _at, ...loan } = item;
      return loan as unknown as ComplianceLoan;
    });
    const collectionContacts = items.filter((item) => item.sk !== 'LOAN').map((item) => ({ id: `${String(item.pk)}/${String(item.sk)}`, at: String(item.at) }));
    return { loans, collectionContacts };
  },

  async borrowers(userIds) {
    const items = await batchGetAll(config.tableName(), userIds.map(userKey), {
      consistentRead: false,
      projection: { expression: 'userId, relatedParty, #roles, verification.birthDate', names: { '#roles': 'roles' } },
    });
    return new Map(
      items.map((item) => {
        const roles = Array.isArray(item.roles) ? (item.roles as string[]) : [];
        const birthDate = (item.verification as { birthDate?: string } | undefined)?.birthDate;
        return [String(item.userId), { relatedParty: item.relatedParty === true, staff: roles.some((role) => (staffRoles as readonly string[]).includes(role)), birthDate }];
      }),
    );
  },
};
