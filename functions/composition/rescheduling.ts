/**
 * The composition of rescheduling's records (application/rescheduling.ts): the requests,
 * loans, installments and holdings in the table, the investors' stakes. Asking, reading and
 * deciding use these alone; accepting adds the agreement's renderer, store and signer
 * (reschedule-acceptance.ts), so that only its bundle carries them.
 */
import type { RescheduleRecordPorts } from '../application/rescheduling';
import * as requests from '../adapters/dynamodb/reschedule-repository';
import { installmentsOf } from '../adapters/dynamodb/installment-repository';
import { bidsOfLoan } from '../adapters/dynamodb/listing-repository';
import { findLoan, getLoan } from '../adapters/dynamodb/loan-repository';
import { ensureHolding } from '../adapters/dynamodb/servicing-repository';
import { settledPartsOf } from '../adapters/dynamodb/transfer-repository';
import { policy } from '../settings/settings';

export const rescheduleRecords: RescheduleRecordPorts = {
  requests,
  loans: { findLoan, getLoan },
  installments: { installmentsOf },
  servicing: { ensureHolding },
  listings: { bidsOfLoan },
  transfers: { settledPartsOf },
  policy,
};
