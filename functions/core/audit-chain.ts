/**
 * The audit trail's hash chain, pure: which table items are audited, what an audit
 * event says about a change (ids, statuses, amounts and a digest of each image, never
 * personal data), the canonical form an event is hashed in, and the verification of a
 * run of events (each hash recomputed, each prevHash linked to the event before,
 * sequences contiguous, the last one matching the chain's head). Shared by the stream
 * consumer (functions/streams/audit-trail.ts), GET /v1/audit and `npm run audit:verify`.
 */
import { createHash } from 'node:crypto';

/** The prevHash of the first event. */
export const genesisHash = '0'.repeat(64);

export type ChangeName = 'INSERT' | 'MODIFY' | 'REMOVE';
export type FieldValue = string | number | boolean | readonly (string | number)[];

/** What an event keeps of an item image: whitelisted fields and a SHA-256 of the whole image. */
export interface Snapshot {
  readonly fields: Readonly<Record<string, FieldValue>>;
  readonly digest: string;
}

export interface AuditEventBody {
  /** What kind of item changed (see auditedKinds). */
  readonly kind: string;
  readonly change: ChangeName;
  /** The item's key. */
  readonly entity: { readonly pk: string; readonly sk: string };
  readonly before?: Snapshot;
  readonly after?: Snapshot;
  /** Who made the change: the write's `changedBy` stamp, else what the item says (see actorOf), else 'system'. */
  readonly who: string;
  /** The request (API Gateway's id, a scheduled run, a workflow execution) the write was made for: the item's `requestId`. */
  readonly requestId?: string;
  /** The stream record's eventID (redelivery of it appends nothing). */
  readonly streamEventId: string;
  /** When the change was made (ISO instant): the item's `changedAt` stamp (the platform's clock), else when the stream saw it. */
  readonly changedAt?: string;
}

export interface AuditEvent extends AuditEventBody {
  /** 1, 2, 3 … in append order. */
  readonly sequence: number;
  /** When the event was appended (ISO instant; never earlier than the event before). */
  readonly at: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface ChainHead {
  readonly sequence: number;
  readonly hash: string;
  readonly at: string;
}

/**
 * The audited items, by key: first match wins; an item that matches none is not
 * audited. Skipped on purpose: the audit items themselves (AUDIT#…), idempotency
 * records, uniqueness markers (IDENTITY#, OPEN_APPLICATION, REPAYMENT_KEY#), counters and
 * derived items (ACCOUNT# balances, which only entries change; CUSTODY_BOOK# day books;
 * RESCHEDULE_QUEUE pointers to the audited requests;
 * USER#/CUSTODY totals; OVERDUE_LOANS# shards; MONITOR#; ALERT; OUTBOX; SCHEDULE# run
 * logs; RECONCILIATION# reports; figures), all of them rebuilt from the audited ones.
 */
export const auditedKinds: ReadonlyArray<{ readonly kind: string; readonly pk: RegExp; readonly sk: RegExp }> = [
  { kind: 'ledger.entry', pk: /^ENTRY#/, sk: /^ENTRY$/ },
  { kind: 'ledger.pending-transfer', pk: /^TRANSFER#/, sk: /^PENDING$/ },
  { kind: 'loan', pk: /^LOAN#/, sk: /^LOAN$/ },
  { kind: 'loan.bid', pk: /^LOAN#/, sk: /^BID#/ },
  { kind: 'loan.installment', pk: /^LOAN#/, sk: /^INSTALLMENT#/ },
  { kind: 'loan.repayment', pk: /^LOAN#/, sk: /^REPAYMENT#/ },
  { kind: 'loan.contract', pk: /^LOAN#/, sk: /^CONTRACT$/ },
  { kind: 'loan.servicing', pk: /^LOAN#/, sk: /^SERVICING$/ },
  { kind: 'loan.transfer-part', pk: /^LOAN#/, sk: /^TRANSFER_PART#/ },
  { kind: 'loan.reschedule', pk: /^LOAN#/, sk: /^RESCHEDULE$/ },
  { kind: 'transfer.offer', pk: /^DEBT_TRANSFER#/, sk: /^OFFER$/ },
  { kind: 'transfer.purchase', pk: /^DEBT_TRANSFER#/, sk: /^PURCHASE$/ },
  { kind: 'custody.transaction', pk: /^CUSTODY_TX#/, sk: /^TRANSACTION$/ },
  { kind: 'custody.callback', pk: /^CUSTODY_EVENT#/, sk: /^EVENT$/ },
  { kind: 'user.profile', pk: /^USER#/, sk: /^PROFILE$/ },
  { kind: 'user.personal-data', pk: /^USER#/, sk: /^PII$/ },
  { kind: 'user.risk-assessment', pk: /^USER#/, sk: /^RISK_ASSESSMENT#/ },
  { kind: 'user.holding', pk: /^USER#/, sk: /^HOLDING#/ },
  { kind: 'collection.case', pk: /^COLLECTION$/, sk: /^CASE#/ },
  { kind: 'collection.action', pk: /^COLLECTION#/, sk: /^ACTION#/ },
  { kind: 'collection.recovery', pk: /^COLLECTION#/, sk: /^RECOVERY#/ },
  { kind: 'risk-reserve.decision', pk: /^RISK_RESERVE$/, sk: /^DECISION#/ },
  { kind: 'auto-bid.plan', pk: /^AUTO_BID/, sk: /^PLAN#/ },
];

export function auditedKindOf(pk: string, sk: string): string | undefined {
  return auditedKinds.find((candidate) => candidate.pk.test(pk) && candidate.sk.test(sk))?.kind;
}

/** Kinds whose images hold (sealed or masked) personal data: the event keeps only their digest. */
const digestOnlyKinds = new Set(['user.personal-data']);

/**
 * The fields an event keeps: ids, statuses, amounts, roles — by attribute name; nested
 * maps are flattened with dots (verification.status) except personal ones.
 */
const keptField = /(^|\.)(id|\w*Id|\w*Ids|status|state|roles|kind|type|purpose|number|version|grade|level|outcome|decision|direction|reason|debit|credit|resolvedBy|relatedParty|relatedPartyRole|\w*Hash|\w*Fen|\w*Count|\w*At)$/;
const personalSegment = /(^|\.)(masked|name|phone|mobile|idNumber|bankCard|card|address|email|username|sealed|ciphertext|pii)(\.|$)/i;
/** `changedBy` is the write's stamp (functions/adapters/dynamodb/write-stamp.ts); the others, what older writers recorded. */
const actorAttributes = ['changedBy', 'updatedBy', 'actor', 'actorId', 'decidedBy', 'reviewerId'] as const;
/** The stamp of a write made by an anonymous caller (a public route): the item may say better who it belongs to. */
const anonymousActor = 'public';

/** Canonical JSON: object keys sorted, no whitespace, undefined members left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('a canonical number is finite');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((element) => (element === undefined ? 'null' : canonicalJson(element))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`).join(',')}}`;
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The event's canonical form: every field but its own hash. */
export function canonicalEvent(event: Omit<AuditEvent, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...rest } = event;
  return canonicalJson(rest);
}

export const hashOf = (event: Omit<AuditEvent, 'hash'> & { hash?: string }): string => sha256(canonicalEvent(event));

/** The next event of the chain after `head` (undefined: the chain is empty). `at` never goes back. */
export function nextEvent(head: ChainHead | undefined, body: AuditEventBody, at: Date): AuditEvent {
  const atIso = head && head.at > at.toISOString() ? head.at : at.toISOString();
  const unsealed = { ...body, sequence: (head?.sequence ?? 0) + 1, at: atIso, prevHash: head?.hash ?? genesisHash };
  return { ...unsealed, hash: hashOf(unsealed) };
}

/**
 * The snapshot of an item image (plain JS values, as unmarshalled): the kept fields
 * and the SHA-256 of the image's canonical JSON. `image` may hold numbers as strings.
 */
export function snapshotOf(kind: string, image: Record<string, unknown>): Snapshot {
  const fields: Record<string, FieldValue> = {};
  if (!digestOnlyKinds.has(kind)) collectFields(image, '', 0, fields);
  return { fields, digest: sha256(canonicalJson(image)) };
}

function collectFields(value: Record<string, unknown>, prefix: string, depth: number, into: Record<string, FieldValue>): void {
  for (const [name, member] of Object.entries(value)) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    if (name === 'pk' || name === 'sk' || personalSegment.test(path)) continue;
    if (member !== null && typeof member === 'object' && !Array.isArray(member)) {
      if (depth < 2) collectFields(member as Record<string, unknown>, path, depth + 1, into);
      continue;
    }
    if (!keptField.test(path) && !isRecordList(member)) continue;
    const kept = fieldValue(member);
    if (kept !== undefined) into[path] = kept;
  }
}

const isRecordList = (member: unknown): boolean => Array.isArray(member) && member.length > 0 && member.every((element) => element !== null && typeof element === 'object' && !Array.isArray(element));

function fieldValue(member: unknown): FieldValue | undefined {
  if (typeof member === 'string') return member.length <= 200 ? member : undefined;
  if (typeof member === 'boolean') return member;
  if (typeof member === 'number') return Number.isSafeInteger(member) ? member : String(member);
  if (typeof member === 'bigint') return String(member);
  if (Array.isArray(member) && member.length <= 50 && member.every((element) => typeof element === 'string' || (typeof element === 'number' && Number.isSafeInteger(element)))) {
    return member as (string | number)[];
  }
  if (member instanceof Set) return fieldValue([...member]);
  // A list of records (a journal entry's transfers, a history): each as "name=value;…" of its kept scalar fields.
  if (Array.isArray(member) && member.length <= 50 && isRecordList(member)) {
    return member.map((element) =>
      Object.entries(element as Record<string, unknown>)
        .filter(([name, value]) => keptField.test(name) && !personalSegment.test(name) && ['string', 'number', 'boolean'].includes(typeof value))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => `${name}=${String(value)}`)
        .join(';'),
    );
  }
  return undefined;
}

/** Who made the change of an item of this kind when it was created: the owner the item names. */
const creators: Readonly<Record<string, (image: Record<string, unknown>, keys: { pk: string; sk: string }) => unknown>> = {
  loan: (image) => image.borrowerId,
  'loan.bid': (image) => image.investorId,
  'custody.transaction': (image) => image.userId,
  'auto-bid.plan': (image) => image.investorId,
  'user.profile': (_image, keys) => keys.pk.slice('USER#'.length),
  'user.risk-assessment': (_image, keys) => keys.pk.slice('USER#'.length),
};

/** A decision newly recorded on the item (e.g. reviewerDecision {reviewerId, …}) names who decided. */
function decider(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): string | undefined {
  for (const [name, member] of Object.entries(after ?? {})) {
    if (member === null || typeof member !== 'object' || Array.isArray(member) || canonicalJson(member) === canonicalJson(before?.[name] ?? null)) continue;
    for (const attribute of ['reviewerId', 'decidedBy', 'updatedBy', 'actorId']) {
      const value = (member as Record<string, unknown>)[attribute];
      if (typeof value === 'string' && value !== '') return value;
    }
  }
  return undefined;
}

/**
 * Who made the change, from what the item carries: the write's stamp `changedBy` (a user
 * id, `custodian-bank`, `schedule:{name}`, `workflow:{task}`) or another actor attribute
 * (updatedBy, actor, decidedBy, reviewerId…); a decision newly recorded on it; for a new
 * item, the owner it names (the borrower of an application, the investor of a bid…);
 * else 'system'. A `public` stamp (an anonymous caller) gives way to any of these and
 * stands only when none says more.
 */
export function actorOf(
  kind: string,
  change: ChangeName,
  keys: { readonly pk: string; readonly sk: string },
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): string {
  const latest = after ?? before;
  for (const name of actorAttributes) {
    const value = latest?.[name];
    if (typeof value === 'string' && value !== '' && value !== anonymousActor) return value;
  }
  const decided = change === 'MODIFY' ? decider(before, after) : undefined;
  if (decided) return decided;
  const creator = change === 'INSERT' && after ? creators[kind]?.(after, keys) : undefined;
  if (typeof creator === 'string' && creator !== '') return creator;
  return latest?.changedBy === anonymousActor ? anonymousActor : 'system';
}

/** The audit event body of one table change, or undefined when the item is not audited. */
export function auditEventBodyOf(change: {
  readonly eventName: ChangeName;
  readonly streamEventId: string;
  readonly keys: { readonly pk: string; readonly sk: string };
  readonly oldImage?: Record<string, unknown> | undefined;
  readonly newImage?: Record<string, unknown> | undefined;
  readonly changedAt?: string | undefined;
}): AuditEventBody | undefined {
  const kind = auditedKindOf(change.keys.pk, change.keys.sk);
  if (kind === undefined) return undefined;
  const latest = change.newImage ?? change.oldImage;
  const requestId = latest?.requestId;
  // The write's own time; a removal is not stamped (the old image's is the write before), so the stream's time.
  const stamped = change.newImage?.changedAt;
  const changedAt = typeof stamped === 'string' && stamped !== '' ? stamped : change.changedAt;
  return {
    kind,
    change: change.eventName,
    entity: { pk: change.keys.pk, sk: change.keys.sk },
    ...(change.oldImage ? { before: snapshotOf(kind, change.oldImage) } : {}),
    ...(change.newImage ? { after: snapshotOf(kind, change.newImage) } : {}),
    who: actorOf(kind, change.eventName, change.keys, change.oldImage, change.newImage),
    ...(typeof requestId === 'string' && requestId !== '' ? { requestId } : {}),
    streamEventId: change.streamEventId,
    ...(changedAt ? { changedAt } : {}),
  };
}

export type ChainBreakReason = 'hash-mismatch' | 'broken-link' | 'gap' | 'out-of-order' | 'head-mismatch';

export interface ChainBreak {
  /** The sequence of the event at fault (for a head mismatch: the head's). */
  readonly sequence: number;
  readonly reason: ChainBreakReason;
  readonly detail: string;
}

export interface ChainVerification {
  readonly valid: boolean;
  /** Events checked. */
  readonly checked: number;
  readonly firstSequence?: number;
  readonly lastSequence?: number;
  readonly firstBreak?: ChainBreak;
}

/**
 * Verifies a run of events in the order read. `previous` is the event just before the
 * run (undefined: the run starts the chain, its first prevHash must be the genesis hash
 * and its first sequence 1; 'unknown': the first link is not checked). When `head` is
 * given and the run reaches it (or should: the run starts the chain and is complete),
 * the last event must be the head.
 */
export function verifyChain(
  events: readonly AuditEvent[],
  options: { readonly previous?: Pick<AuditEvent, 'sequence' | 'hash'> | 'unknown'; readonly head?: Pick<ChainHead, 'sequence' | 'hash'>; readonly complete?: boolean } = {},
): ChainVerification {
  const bounds = events.length === 0 ? {} : { firstSequence: events[0]!.sequence, lastSequence: events[events.length - 1]!.sequence };
  const broken = (firstBreak: ChainBreak): ChainVerification => ({ valid: false, checked: events.length, ...bounds, firstBreak });
  let previous = options.previous === undefined ? { sequence: 0, hash: genesisHash } : options.previous;
  for (const event of events) {
    const recomputed = hashOf(event);
    if (recomputed !== event.hash) return broken({ sequence: event.sequence, reason: 'hash-mismatch', detail: `event ${event.sequence}'s content does not match its hash` });
    if (previous !== 'unknown') {
      if (event.sequence <= previous.sequence) {
        return broken({ sequence: event.sequence, reason: 'out-of-order', detail: `event ${event.sequence} comes after event ${previous.sequence}` });
      }
      if (event.sequence !== previous.sequence + 1) {
        return broken({ sequence: event.sequence, reason: 'gap', detail: `events ${previous.sequence + 1}–${event.sequence - 1} are missing before event ${event.sequence}` });
      }
      if (event.prevHash !== previous.hash) {
        return broken({ sequence: event.sequence, reason: 'broken-link', detail: `event ${event.sequence}'s prevHash is not the hash of event ${previous.sequence}` });
      }
    }
    previous = event;
  }
  const head = options.head;
  if (head) {
    const last = events[events.length - 1];
    const reachesHead = options.complete === true || (last !== undefined && last.sequence >= head.sequence);
    if (reachesHead) {
      const lastSequence = last?.sequence ?? (previous === 'unknown' ? 0 : previous.sequence);
      const lastHash = last?.hash ?? (previous === 'unknown' ? genesisHash : previous.hash);
      if (lastSequence !== head.sequence || lastHash !== head.hash) {
        return broken({ sequence: head.sequence, reason: 'head-mismatch', detail: `the chain's head is event ${head.sequence} but the last event read is ${lastSequence === 0 ? 'none' : `event ${lastSequence}`} or its hash differs` });
      }
    }
  }
  return { valid: true, checked: events.length, ...bounds };
}
