/**
 * What an audit event says from a write's stamp (changedBy, requestId, changedAt;
 * functions/adapters/dynamodb/write-stamp.ts): `who` is the stamp before anything the item says,
 * except an anonymous `public` stamp, which gives way to the owner a new item names;
 * the request id comes from the new image (the old one on REMOVE); `changedAt` is the
 * stamp's (the platform's clock), the stream's time only when the image has none or the
 * item was removed. An event made before stamps existed verifies as before.
 */
import { auditEventBodyOf, nextEvent, verifyChain } from '../../../functions/core/audit-chain';

const keys = { pk: 'LOAN#loan-1', sk: 'BID#bid-1' };
const streamTime = '2026-11-25T08:00:03.000Z';
const stamped = { changedBy: 'user-investor', requestId: 'req-42', changedAt: '2031-01-15T10:00:00.000Z' };

test('who, requestId and changedAt come from the stamp of the new image', () => {
  const event = auditEventBodyOf({
    eventName: 'MODIFY',
    streamEventId: 'e1',
    keys,
    oldImage: { ...keys, investorId: 'user-investor', status: 'FROZEN', updatedBy: 'someone-else', changedBy: 'workflow:apply-loan-event', requestId: 'old-request', changedAt: '2031-01-01T00:00:00.000Z' },
    newImage: { ...keys, investorId: 'user-investor', status: 'POSTED', updatedBy: 'someone-else', ...stamped },
    changedAt: streamTime,
  })!;
  expect(event).toMatchObject({ who: 'user-investor', requestId: 'req-42', changedAt: stamped.changedAt });
});

test('schedules, workflows and the bank are named as such', () => {
  for (const actor of ['schedule:overdue-sweep', 'workflow:settle-disbursement', 'custodian-bank']) {
    const event = auditEventBodyOf({ eventName: 'INSERT', streamEventId: 'e2', keys, newImage: { ...keys, investorId: 'user-investor', ...stamped, changedBy: actor }, changedAt: streamTime })!;
    expect(event.who).toBe(actor);
  }
});

test('a public stamp gives way to the owner a new item names, and stands when nothing says more', () => {
  const profile = { pk: 'USER#user-9', sk: 'PROFILE' };
  const registered = auditEventBodyOf({ eventName: 'INSERT', streamEventId: 'e3', keys: profile, newImage: { ...profile, roles: ['investor'], changedBy: 'public', requestId: 'req-reg', changedAt: stamped.changedAt } })!;
  expect(registered).toMatchObject({ who: 'user-9', requestId: 'req-reg' });
  const modified = auditEventBodyOf({ eventName: 'MODIFY', streamEventId: 'e4', keys: profile, oldImage: { ...profile, roles: ['investor'] }, newImage: { ...profile, roles: ['investor'], changedBy: 'public', changedAt: stamped.changedAt } })!;
  expect(modified.who).toBe('public');
});

test('without a stamp: the item’s own actor attributes, the stream’s time, no request id', () => {
  const event = auditEventBodyOf({ eventName: 'MODIFY', streamEventId: 'e5', keys, oldImage: { ...keys, status: 'FROZEN' }, newImage: { ...keys, status: 'VOIDED', updatedBy: 'user-admin' }, changedAt: streamTime })!;
  expect(event.who).toBe('user-admin');
  expect(event.changedAt).toBe(streamTime);
  expect(event.requestId).toBeUndefined();
  const anonymous = auditEventBodyOf({ eventName: 'MODIFY', streamEventId: 'e6', keys: { pk: 'LOAN#loan-1', sk: 'LOAN' }, oldImage: { pk: 'LOAN#loan-1', sk: 'LOAN', status: 'LISTED' }, newImage: { pk: 'LOAN#loan-1', sk: 'LOAN', status: 'FUNDED', changedAt: stamped.changedAt } })!;
  expect(anonymous).toMatchObject({ who: 'system', changedAt: stamped.changedAt });
});

test('a removal: the request id of the last write, the stream’s time (deletes are not stamped)', () => {
  const event = auditEventBodyOf({ eventName: 'REMOVE', streamEventId: 'e7', keys, oldImage: { ...keys, investorId: 'user-investor', ...stamped }, changedAt: streamTime })!;
  expect(event).toMatchObject({ requestId: 'req-42', changedAt: streamTime });
});

test('events with and without stamps chain and verify together', () => {
  const old = auditEventBodyOf({ eventName: 'INSERT', streamEventId: 'o1', keys, newImage: { ...keys, investorId: 'user-investor' }, changedAt: streamTime })!;
  const fresh = auditEventBodyOf({ eventName: 'MODIFY', streamEventId: 'o2', keys, oldImage: { ...keys, investorId: 'user-investor' }, newImage: { ...keys, investorId: 'user-investor', ...stamped } })!;
  const first = nextEvent(undefined, old, new Date(streamTime));
  const second = nextEvent(first, fresh, new Date(streamTime));
  expect(verifyChain([first, second], { head: { sequence: 2, hash: second.hash } }).valid).toBe(true);
  expect(verifyChain([first, { ...second, who: 'mallory' }]).valid).toBe(false);
});
