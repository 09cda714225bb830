/**
 * The audit chain, pure: the canonical form, which items are audited and what an event
 * keeps of them (never personal data), the hash chain, and the verification finding an
 * edited, a deleted, a reordered event and a truncated chain.
 */
import fc from 'fast-check';
import {
  auditEventBodyOf,
  auditedKindOf,
  canonicalJson,
  genesisHash,
  hashOf,
  nextEvent,
  verifyChain,
  type AuditEvent,
  type AuditEventBody,
} from '../../../functions/core/audit-chain';

const body = (index: number): AuditEventBody =>
  auditEventBodyOf({
    eventName: index % 3 === 0 ? 'INSERT' : 'MODIFY',
    streamEventId: `event-${index}`,
    keys: { pk: `LOAN#loan-${index % 4}`, sk: 'LOAN' },
    ...(index % 3 === 0 ? {} : { oldImage: { pk: `LOAN#loan-${index % 4}`, sk: 'LOAN', status: 'LISTED', fundedFen: index * 100 } }),
    newImage: { pk: `LOAN#loan-${index % 4}`, sk: 'LOAN', status: 'FUNDED', fundedFen: index * 100 + 50, loanId: `loan-${index % 4}` },
  })!;

function chainOf(length: number, start = new Date('2026-11-01T00:00:00.000Z')): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let index = 0; index < length; index += 1) events.push(nextEvent(events[events.length - 1], body(index), new Date(start.getTime() + index * 1000)));
  return events;
}

const headOf = (events: readonly AuditEvent[]) => ({ sequence: events[events.length - 1]!.sequence, hash: events[events.length - 1]!.hash });

describe('canonical form', () => {
  test('keys are sorted at every depth, undefined members left out, no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', { z: true, y: null }], c: undefined } })).toBe('{"a":{"d":[1,"x",{"y":null,"z":true}]},"b":1}');
  });

  test('the same value in any key order has one canonical form and one hash', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean())), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
        expect(JSON.parse(canonicalJson(record))).toEqual(record);
      }),
    );
  });
});

describe('events', () => {
  test('audited items are chosen by key; audit items, idempotency records, markers and derived items are not', () => {
    expect(auditedKindOf('ENTRY#deposit-1', 'ENTRY')).toBe('ledger.entry');
    expect(auditedKindOf('LOAN#l1', 'LOAN')).toBe('loan');
    expect(auditedKindOf('LOAN#l1', 'BID#b1')).toBe('loan.bid');
    expect(auditedKindOf('LOAN#l1', 'INSTALLMENT#001')).toBe('loan.installment');
    expect(auditedKindOf('CUSTODY_TX#t1', 'TRANSACTION')).toBe('custody.transaction');
    expect(auditedKindOf('USER#u1', 'PROFILE')).toBe('user.profile');
    expect(auditedKindOf('COLLECTION', 'CASE#l1')).toBe('collection.case');
    for (const [pk, sk] of [
      ['AUDIT#CHAIN', '2026#000000000001'],
      ['AUDIT#HEAD', 'HEAD'],
      ['IDEMPOTENCY#u1#POST /v1/bids#k', 'REQUEST'],
      ['ACCOUNT#investor-cash:u1', 'BALANCE'],
      ['IDENTITY#abc', 'OWNER'],
      ['USER#u1', 'OPEN_APPLICATION'],
      ['LOAN#l1', 'REPAYMENT_KEY#k'],
      ['CUSTODY_BOOK#2026-11-01', 'i#in'],
      ['SCHEDULE#overdue-sweep', 'RUN#2026'],
    ] as const) {
      expect(auditedKindOf(pk, sk)).toBeUndefined();
    }
  });

  test('an event keeps ids, statuses, roles and amounts, a digest of each image, and no personal data', () => {
    const event = auditEventBodyOf({
      eventName: 'MODIFY',
      streamEventId: 'e1',
      keys: { pk: 'USER#u1', sk: 'PROFILE' },
      oldImage: { pk: 'USER#u1', sk: 'PROFILE', userId: 'u1', username: 'zhang.san@example.com', roles: ['investor'] },
      newImage: {
        pk: 'USER#u1',
        sk: 'PROFILE',
        userId: 'u1',
        username: 'zhang.san@example.com',
        roles: ['investor', 'borrower'],
        verification: { status: 'VERIFIED', kind: 'personal', masked: { name: '张*', phone: '138****5678' } },
        updatedBy: 'admin-7',
      },
    })!;
    expect(event.kind).toBe('user.profile');
    expect(event.who).toBe('admin-7');
    expect(event.after?.fields).toEqual({ userId: 'u1', roles: ['investor', 'borrower'], 'verification.status': 'VERIFIED', 'verification.kind': 'personal' });
    expect(event.before?.fields).toEqual({ userId: 'u1', roles: ['investor'] });
    expect(event.before?.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(event.after?.digest).not.toBe(event.before?.digest);
    const text = JSON.stringify(event);
    for (const personal of ['zhang', '张', '138']) expect(text).not.toContain(personal);
  });

  test('sealed personal data is audited by digest only; a change without an actor is the system', () => {
    const event = auditEventBodyOf({ eventName: 'INSERT', streamEventId: 'e2', keys: { pk: 'USER#u1', sk: 'PII' }, newImage: { pk: 'USER#u1', sk: 'PII', userId: 'u1', sealed: 'AAAA' } })!;
    expect(event.after?.fields).toEqual({});
    expect(event.who).toBe('system');
    expect(auditEventBodyOf({ eventName: 'INSERT', streamEventId: 'e3', keys: { pk: 'IDEMPOTENCY#x', sk: 'REQUEST' }, newImage: {} })).toBeUndefined();
  });
});

describe('the chain', () => {
  test('each event links the hash of the one before, from the genesis hash; time never goes back', () => {
    const events = chainOf(5);
    expect(events.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]!.prevHash).toBe(genesisHash);
    for (let index = 1; index < events.length; index += 1) expect(events[index]!.prevHash).toBe(events[index - 1]!.hash);
    for (const event of events) expect(hashOf(event)).toBe(event.hash);
    const late = nextEvent(events[4], body(9), new Date('2020-01-01T00:00:00Z'));
    expect(late.at).toBe(events[4]!.at);
  });

  test('an intact chain verifies, whole or from any point with the event before it', () => {
    const events = chainOf(8);
    expect(verifyChain(events, { head: headOf(events), complete: true })).toEqual({ valid: true, checked: 8, firstSequence: 1, lastSequence: 8 });
    expect(verifyChain(events.slice(3, 6), { previous: events[2]!, head: headOf(events) }).valid).toBe(true);
    expect(verifyChain([], { complete: true }).valid).toBe(true);
  });

  test('an edited event (any field changed) is found', () => {
    const events = chainOf(6);
    const edits: Array<(event: AuditEvent) => AuditEvent> = [
      (event) => ({ ...event, who: 'someone-else' }),
      (event) => ({ ...event, after: { ...event.after!, fields: { ...event.after!.fields, fundedFen: 1 } } }),
      (event) => ({ ...event, at: '2026-11-01T00:00:09.000Z' }),
      (event) => ({ ...event, kind: 'loan.bid' }),
    ];
    for (const edit of edits) {
      const tampered = [...events];
      tampered[3] = edit(events[3]!);
      expect(verifyChain(tampered, { head: headOf(events), complete: true }).firstBreak).toEqual({ sequence: 4, reason: 'hash-mismatch', detail: expect.any(String) });
    }
  });

  test('an edited event whose hash was recomputed breaks the next link', () => {
    const events = chainOf(6);
    const tampered = [...events];
    const edited = { ...events[2]!, who: 'mallory' };
    tampered[2] = { ...edited, hash: hashOf(edited) };
    expect(verifyChain(tampered, { head: headOf(events), complete: true }).firstBreak).toMatchObject({ sequence: 4, reason: 'broken-link' });
  });

  test('a deleted event leaves a gap; a deleted last event no longer matches the head', () => {
    const events = chainOf(6);
    expect(verifyChain([...events.slice(0, 2), ...events.slice(3)], { head: headOf(events), complete: true }).firstBreak).toMatchObject({ sequence: 4, reason: 'gap' });
    expect(verifyChain(events.slice(1), { head: headOf(events), complete: true }).firstBreak).toMatchObject({ sequence: 2, reason: 'gap' });
    expect(verifyChain(events.slice(0, 5), { head: headOf(events), complete: true }).firstBreak).toMatchObject({ sequence: 6, reason: 'head-mismatch' });
    expect(verifyChain([], { head: headOf(events), complete: true }).firstBreak).toMatchObject({ reason: 'head-mismatch' });
  });

  test('reordered events are found', () => {
    const events = chainOf(6);
    const swapped = [events[0]!, events[2]!, events[1]!, ...events.slice(3)];
    expect(verifyChain(swapped, { head: headOf(events), complete: true }).firstBreak).toMatchObject({ sequence: 3, reason: 'gap' });
    const renumbered = swapped.map((event, index) => {
      const moved = { ...event, sequence: index + 1 };
      return { ...moved, hash: hashOf(moved) };
    });
    expect(verifyChain(renumbered, { head: headOf(renumbered), complete: true }).firstBreak).toMatchObject({ sequence: 2, reason: 'broken-link' });
  });

  test('any single-field tampering of a random chain is found (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.nat(), fc.constantFrom('who', 'kind', 'requestId', 'prevHash', 'streamEventId'), fc.string({ minLength: 1 }), (length, pick, field, value) => {
        const events = chainOf(length);
        const index = pick % length;
        const original = events[index]!;
        fc.pre((original as unknown as Record<string, unknown>)[field] !== value);
        const tampered = [...events];
        tampered[index] = { ...original, [field]: value } as AuditEvent;
        const result = verifyChain(tampered, { head: headOf(events), complete: true });
        expect(result.valid).toBe(false);
        expect(result.firstBreak?.sequence).toBe(index + 1);
      }),
      { numRuns: 200 },
    );
  });
});

test('a journal entry keeps its transfers: ids, accounts and amounts', () => {
  const event = auditEventBodyOf({
    eventName: 'INSERT',
    streamEventId: 'e9',
    keys: { pk: 'ENTRY#deposit-1', sk: 'ENTRY' },
    newImage: {
      pk: 'ENTRY#deposit-1',
      sk: 'ENTRY',
      entryId: 'deposit-1',
      kind: 'deposit',
      contentHash: 'abc',
      transfers: [{ kind: 'posted', id: 'deposit-1.1', debit: 'custodian-bank', credit: 'custody:u1', amountFen: 100_000 }],
    },
  })!;
  expect(event.after?.fields).toEqual({
    entryId: 'deposit-1',
    kind: 'deposit',
    contentHash: 'abc',
    transfers: ['amountFen=100000;credit=custody:u1;debit=custodian-bank;id=deposit-1.1;kind=posted'],
  });
});

test('who: the actor the item names, a decision newly recorded on it, the owner of a new item, else the system', () => {
  const change = (eventName: 'INSERT' | 'MODIFY', pk: string, sk: string, newImage: Record<string, unknown>, oldImage?: Record<string, unknown>) =>
    auditEventBodyOf({ eventName, streamEventId: 'w', keys: { pk, sk }, newImage, ...(oldImage ? { oldImage } : {}) })!.who;
  expect(change('INSERT', 'LOAN#l1', 'BID#b1', { investorId: 'inv-1', status: 'FROZEN' })).toBe('inv-1');
  expect(change('MODIFY', 'LOAN#l1', 'BID#b1', { investorId: 'inv-1', status: 'VOIDED' }, { investorId: 'inv-1', status: 'FROZEN' })).toBe('system');
  expect(change('INSERT', 'LOAN#l1', 'LOAN', { borrowerId: 'bor-1', status: 'SUBMITTED' })).toBe('bor-1');
  expect(
    change('MODIFY', 'LOAN#l1', 'LOAN', { borrowerId: 'bor-1', reviewerDecision: { reviewerId: 'rev-1', decision: 'APPROVED' } }, { borrowerId: 'bor-1' }),
  ).toBe('rev-1');
  // The decision was there before: a later change is not the reviewer's.
  const decided = { borrowerId: 'bor-1', reviewerDecision: { reviewerId: 'rev-1', decision: 'APPROVED' } };
  expect(change('MODIFY', 'LOAN#l1', 'LOAN', { ...decided, status: 'LISTED' }, decided)).toBe('system');
  expect(change('INSERT', 'USER#u9', 'RISK_ASSESSMENT#2026', { level: 'C3' })).toBe('u9');
  expect(change('INSERT', 'CUSTODY_TX#t1', 'TRANSACTION', { userId: 'u3', type: 'deposit' })).toBe('u3');
});
