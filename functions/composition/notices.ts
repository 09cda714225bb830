/** The composition of notices to users: the notice store, the notifier, the loans (a loan's borrower) and the due-date index. */
import type { NoticePorts } from '../application/notices';
import { noticeRepository } from '../adapters/dynamodb/notice-repository';
import { findLoan } from '../adapters/dynamodb/loan-repository';
import { installmentsDueOn, newReadCounter } from '../adapters/dynamodb/overdue-repository';
import { configuredNotifier } from '../adapters/notifier/notifier';
import { signals } from './observability';

export const notices: NoticePorts = {
  store: noticeRepository,
  notifier: configuredNotifier,
  lookups: { borrowerOf: async (loanId) => (await findLoan(loanId))?.borrowerId },
  dueBook: { newReadCounter, installmentsDueOn },
  signals,
};
