/**
 * Which notices a change of the table makes (the stream consumer `notices`): notices are
 * derived from what already happens, so no use case sends one itself. A change is a
 * status an item moves into (the old image did not have it):
 *
 * | item | becomes | notice, to whom |
 * |---|---|---|
 * | USER#{id} / PROFILE | verification VERIFIED / REJECTED | VERIFICATION_APPROVED / _REJECTED, the user |
 * | LOAN#{id} / LOAN | LISTED, REJECTED | APPLICATION_APPROVED / _REJECTED, the borrower |
 * | LOAN#{id} / LOAN | FUNDED, EXPIRED, DISBURSED | LISTING_FUNDED, LISTING_EXPIRED, LOAN_DISBURSED, the borrower |
 * | LOAN#{id} / BID#… | POSTED, VOIDED | INVESTMENT_STARTED, BID_RETURNED, the investor |
 * | LOAN#{id} / INSTALLMENT#nnn | OVERDUE | INSTALLMENT_OVERDUE, the borrower |
 * | LOAN#{id} / REPAYMENT#… | CONFIRMED | AUTO_DEBIT_SUCCEEDED (auto-debits), the borrower; REPAYMENT_RECEIVED, each investor of its distribution |
 * | LOAN#{id} / REPAYMENT#… | FAILED (auto-debit) | AUTO_DEBIT_FAILED, the borrower |
 * | CUSTODY_TX#{id} / TRANSACTION | withdrawal CONFIRMED | WITHDRAWAL_CONFIRMED, the user |
 * | DEBT_TRANSFER#{id} / PURCHASE | SETTLED | TRANSFER_SOLD to the seller, TRANSFER_BOUGHT to the buyer |
 *
 * Each notice's id is a digest of the fact (core/notices.ts noticeIdOf), never of the
 * stream record, so a redelivered or repeated change finds the notice it made.
 */
import { maskedNameOf } from '../core/identity-claim';
import { fen, formatYuan } from '../core/money';
import { loanRef, noticeIdOf, type NoticeKind, type NoticeParams } from '../core/notices';

type Item = Readonly<Record<string, unknown>>;

/** A notice to make: who, what, and the fact's id. */
export interface NoticeDraft {
  readonly noticeId: string;
  readonly userId: string;
  readonly kind: NoticeKind;
  readonly params: NoticeParams;
  readonly loanId?: string;
  /** When the fact happened (ISO): the change's stamp. */
  readonly occurredAt: string;
}

export interface NoticeSourceLookups {
  /** The borrower of a loan (an installment does not name them). */
  borrowerOf(loanId: string): Promise<string | undefined>;
}

export interface TableChange {
  readonly pk: string;
  readonly sk: string;
  readonly before?: Item;
  readonly after?: Item;
}

const yuan = (amountFen: unknown): string => formatYuan(fen(Number(amountFen ?? 0)));
const str = (value: unknown): string => String(value ?? '');

/** The status the change moved the item into, if it moved. */
function enteredStatus(before: Item | undefined, after: Item | undefined, path: (item: Item) => unknown = (item) => item.status): string | undefined {
  if (!after) return undefined;
  const now = path(after);
  return typeof now === 'string' && (before === undefined || path(before) !== now) ? now : undefined;
}

const draft = (kind: NoticeKind, userId: unknown, fact: readonly (string | number)[], params: NoticeParams, occurredAt: string, loanId?: string): NoticeDraft => ({
  noticeId: noticeIdOf(kind, ...fact),
  userId: str(userId),
  kind,
  params,
  occurredAt,
  ...(loanId ? { loanId } : {}),
});

const loanStatusNotices: Partial<Record<string, NoticeKind>> = { LISTED: 'APPLICATION_APPROVED', REJECTED: 'APPLICATION_REJECTED', FUNDED: 'LISTING_FUNDED', EXPIRED: 'LISTING_EXPIRED', DISBURSED: 'LOAN_DISBURSED' };

/** The notices one change of the table makes (none for most changes). `at`: the consumer's clock, when the change carries no stamp. */
export async function noticesOfChange(change: TableChange, lookups: NoticeSourceLookups, at: Date): Promise<NoticeDraft[]> {
  const { pk, sk, before, after } = change;
  if (!after) return [];
  const occurredAt = str(after.changedAt ?? after.updatedAt ?? at.toISOString());

  if (pk.startsWith('USER#') && sk === 'PROFILE') {
    const status = enteredStatus(before, after, (item) => (item.verification as Item | undefined)?.status);
    const verification = after.verification as Item | undefined;
    if (!status || !verification) return [];
    const name = maskedNameOf((verification.masked as Record<string, string> | undefined) ?? {}) ?? '-';
    const kind: NoticeKind = status === 'VERIFIED' ? 'VERIFICATION_APPROVED' : 'VERIFICATION_REJECTED';
    return [draft(kind, after.userId ?? pk.slice('USER#'.length), [pk, str(verification.verifiedAt)], { name }, occurredAt)];
  }

  if (pk.startsWith('LOAN#')) {
    const loanId = pk.slice('LOAN#'.length);
    const ref = loanRef(loanId);
    const status = enteredStatus(before, after);
    if (!status) return [];
    if (sk === 'LOAN') {
      const kind = loanStatusNotices[status];
      if (!kind) return [];
      const amount = kind === 'LOAN_DISBURSED' ? yuan((after.disbursement as Item | undefined)?.toBorrowerFen ?? after.amountFen) : yuan(after.amountFen);
      return [draft(kind, after.borrowerId, [loanId], { loanRef: ref, amount, grade: str(after.grade) }, occurredAt, loanId)];
    }
    if (sk.startsWith('BID#')) {
      const kind: NoticeKind | undefined = status === 'POSTED' ? 'INVESTMENT_STARTED' : status === 'VOIDED' ? 'BID_RETURNED' : undefined;
      return kind ? [draft(kind, after.investorId, [loanId, sk], { loanRef: ref, amount: yuan(after.amountFen) }, occurredAt, loanId)] : [];
    }
    if (sk.startsWith('INSTALLMENT#') && status === 'OVERDUE') {
      const borrowerId = await lookups.borrowerOf(loanId);
      return borrowerId ? [draft('INSTALLMENT_OVERDUE', borrowerId, [loanId, str(after.number)], { loanRef: ref, number: str(after.number), dueDate: str(after.dueDate) }, occurredAt, loanId)] : [];
    }
    if (sk.startsWith('REPAYMENT#')) {
      const autoDebit = after.source === 'AUTO_DEBIT';
      const fact = [loanId, str(after.number)];
      if (status === 'FAILED') return autoDebit ? [draft('AUTO_DEBIT_FAILED', after.borrowerId, fact, { loanRef: ref, amount: yuan(after.amountFen) }, occurredAt, loanId)] : [];
      if (status !== 'CONFIRMED') return [];
      const toInvestors = ((after.distribution as readonly Item[] | undefined) ?? [])
        .filter((share) => Number(share.netFen) > 0)
        .map((share) => draft('REPAYMENT_RECEIVED', share.investorId, [...fact, str(share.investorId)], { loanRef: ref, amount: yuan(share.netFen) }, occurredAt, loanId));
      return [...(autoDebit ? [draft('AUTO_DEBIT_SUCCEEDED', after.borrowerId, fact, { loanRef: ref, amount: yuan(after.amountFen) }, occurredAt, loanId)] : []), ...toInvestors];
    }
    return [];
  }

  if (pk.startsWith('CUSTODY_TX#') && after.type === 'withdrawal' && enteredStatus(before, after) === 'CONFIRMED') {
    return [draft('WITHDRAWAL_CONFIRMED', after.userId, [str(after.transactionId)], { amount: yuan(after.amountFen) }, occurredAt)];
  }

  if (pk.startsWith('DEBT_TRANSFER#') && sk === 'PURCHASE' && enteredStatus(before, after) === 'SETTLED') {
    const loanId = str(after.loanId);
    const params = { loanRef: loanRef(loanId), amount: yuan(after.priceFen) };
    return [draft('TRANSFER_SOLD', after.sellerId, [str(after.purchaseId)], params, occurredAt, loanId), draft('TRANSFER_BOUGHT', after.buyerId, [str(after.purchaseId)], params, occurredAt, loanId)];
  }
  return [];
}
