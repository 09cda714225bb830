/** The composition of notices to users (the stream consumer and the schedule): the notice store, the notifier, the loans (a loan's borrower) and the due-date index. */
import type { NoticePorts } from '../application/notices';
import { findLoan } from '../adapters/dynamodb/loan-repository';
import { installmentsDueOn, newReadCounter } from '../adapters/dynamodb/overdue-repository';
import { configuredNotifier } from '../adapters/notifier/notifier';
import { noticeInbox } from './notice-inbox';
import { signals } from './observability';

export const notices: NoticePorts = {
  ...noticeInbox,
  notifier: configuredNotifier,
  lookups: { borrowerOf: async (loanId) => (await findLoan(loanId))?.borrowerId },
  dueBook: { newReadCounter, installmentsDueOn },
  signals,
};
