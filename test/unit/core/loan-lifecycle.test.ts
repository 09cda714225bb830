import { InvalidTransitionError } from '../../../functions/core/errors';
import { listingDeadline, loanEventTypes, loanStatuses, planTransition } from '../../../functions/core/loan-lifecycle';

test('each event moves a loan from the statuses it allows to one other', () => {
  expect(planTransition('APPLIED', 'OPEN_REVIEW')).toEqual({ kind: 'move', from: 'APPLIED', to: 'IN_REVIEW' });
  expect(planTransition('IN_REVIEW', 'LIST')).toEqual({ kind: 'move', from: 'IN_REVIEW', to: 'LISTED' });
  expect(planTransition('IN_REVIEW', 'REJECT')).toEqual({ kind: 'move', from: 'IN_REVIEW', to: 'REJECTED' });
  expect(planTransition('LISTED', 'FILL')).toEqual({ kind: 'move', from: 'LISTED', to: 'FUNDED' });
  expect(planTransition('LISTED', 'EXPIRE')).toEqual({ kind: 'move', from: 'LISTED', to: 'EXPIRED' });
  expect(planTransition('REPAYING', 'SETTLE')).toEqual({ kind: 'move', from: 'REPAYING', to: 'SETTLED' });
  expect(planTransition('DEFAULTED', 'SETTLE')).toEqual({ kind: 'move', from: 'DEFAULTED', to: 'SETTLED' });
});

test('a replayed event that already took effect is recognised, not applied again', () => {
  expect(planTransition('FUNDED', 'FILL')).toEqual({ kind: 'already-applied', status: 'FUNDED' });
  expect(planTransition('IN_REVIEW', 'OPEN_REVIEW')).toEqual({ kind: 'already-applied', status: 'IN_REVIEW' });
});

test('every other combination is refused with a named error', () => {
  const allowed = new Set([
    'APPLIED:OPEN_REVIEW',
    'IN_REVIEW:LIST',
    'IN_REVIEW:REJECT',
    'LISTED:FILL',
    'LISTED:EXPIRE',
    'FUNDED:DISBURSE',
    'DISBURSEMENT_FAILED:DISBURSE',
    'DISBURSED:START_REPAYMENT',
    'FUNDED:FAIL_DISBURSEMENT',
    'REPAYING:DEFAULT',
    'DEFAULTED:WRITE_OFF',
    'REPAYING:SETTLE',
    'DEFAULTED:SETTLE',
  ]);
  const targets: Record<string, string> = {
    OPEN_REVIEW: 'IN_REVIEW',
    LIST: 'LISTED',
    REJECT: 'REJECTED',
    FILL: 'FUNDED',
    EXPIRE: 'EXPIRED',
    DISBURSE: 'DISBURSED',
    START_REPAYMENT: 'REPAYING',
    FAIL_DISBURSEMENT: 'DISBURSEMENT_FAILED',
    DEFAULT: 'DEFAULTED',
    WRITE_OFF: 'WRITTEN_OFF',
    SETTLE: 'SETTLED',
  };
  for (const status of loanStatuses) {
    for (const event of loanEventTypes) {
      if (allowed.has(`${status}:${event}`) || targets[event] === status) continue;
      expect(() => planTransition(status, event)).toThrow(InvalidTransitionError);
    }
  }
  // An expired listing can never be filled, nor a funded one expired.
  expect(() => planTransition('EXPIRED', 'FILL')).toThrow(InvalidTransitionError);
  expect(() => planTransition('FUNDED', 'EXPIRE')).toThrow(InvalidTransitionError);
  // A disbursement the workflow gave up on is disbursed when the bank's late confirmation arrives; a repaying loan never fails disbursement.
  expect(planTransition('DISBURSEMENT_FAILED', 'DISBURSE')).toEqual({ kind: 'move', from: 'DISBURSEMENT_FAILED', to: 'DISBURSED' });
  expect(() => planTransition('REPAYING', 'FAIL_DISBURSEMENT')).toThrow(InvalidTransitionError);
  // A written-off loan stays written off, even when recoveries pay it in full; only a defaulted loan is written off.
  expect(() => planTransition('WRITTEN_OFF', 'SETTLE')).toThrow(InvalidTransitionError);
  expect(() => planTransition('REPAYING', 'WRITE_OFF')).toThrow(InvalidTransitionError);
});

test('a listing is open for the listing period from the moment it is listed', () => {
  expect(listingDeadline(new Date('2026-11-25T10:00:00Z'), 7).toISOString()).toBe('2026-12-02T10:00:00.000Z');
});
