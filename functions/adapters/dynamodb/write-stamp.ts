/**
 * The stamp every table write carries (added in one place: the document client's
 * middleware in ./dynamodb.ts): `changedAt` (the domain time of the write, from the
 * clock port: the twin's controllable clock locally), and while a request context is
 * active (./request-context.ts) `changedBy` (who) and `requestId` (on whose behalf).
 * Without a context, or without a request id, the write removes the attribute it cannot
 * say, so that an item never keeps the actor or request of an earlier write.
 *
 * Pure: rewrites a command's input into a new one (the caller's objects are not
 * touched). Put items get the attributes; Updates get an assignment added to their
 * SET clause (or a SET clause of their own) and, for what is unknown, a REMOVE; an
 * attribute the write names itself is left to it. Deletes and condition checks are
 * not writes of content. The audit log's own items (AUDIT#…) are never stamped: their
 * `changedAt` and `requestId` are the audited change's.
 */

export interface WriteStamp {
  readonly changedAt: string;
  readonly changedBy?: string | undefined;
  readonly requestId?: string | undefined;
}

export const stampAttributes = ['changedBy', 'requestId', 'changedAt'] as const;
type StampAttribute = (typeof stampAttributes)[number];

type Attributes = Record<string, unknown>;

/** Items the stamp leaves alone: the audit log's (an audit event has fields of the same names). */
export function exemptFromStamp(keyOrItem: Attributes | undefined): boolean {
  const pk = keyOrItem?.pk;
  const text = typeof pk === 'string' ? pk : pk !== null && typeof pk === 'object' ? (pk as { S?: unknown }).S : undefined;
  return typeof text === 'string' && text.startsWith('AUDIT#');
}

/** Whether the input is in DynamoDB's wire form ({S: "…"}) rather than plain values (document client). */
function isMarshalled(keyOrItem: Attributes | undefined): boolean {
  const pk = keyOrItem?.pk;
  return pk !== null && typeof pk === 'object' && 'S' in (pk as object);
}

const valueOf = (value: string, marshalled: boolean): unknown => (marshalled ? { S: value } : value);

/** The item with the stamp: its attributes set, or removed when the stamp cannot say them. */
export function stampedItem<T extends Attributes>(item: T, stamp: WriteStamp): T {
  if (exemptFromStamp(item)) return item;
  const marshalled = isMarshalled(item);
  const copy: Attributes = { ...item };
  for (const attribute of stampAttributes) {
    const value = stamp[attribute];
    if (value === undefined) delete copy[attribute];
    else copy[attribute] = valueOf(value, marshalled);
  }
  return copy as T;
}

export interface UpdateParts {
  readonly Key?: Attributes | undefined;
  readonly UpdateExpression?: string | undefined;
  readonly ExpressionAttributeNames?: Record<string, string> | undefined;
  readonly ExpressionAttributeValues?: Attributes | undefined;
}

/**
 * An update expression's clauses (SET, REMOVE, ADD, DELETE, each at most once, in any
 * order, keywords in any case): where each keyword is and where its clause ends. A
 * keyword is a bare word; `#SET`, `:set`, `a.set`, `SETTLED`, `assetCount` are not.
 */
export function clausesOf(expression: string): Array<{ readonly keyword: string; readonly start: number; readonly bodyStart: number; readonly end: number }> {
  const keyword = /(?<![\w#:.])(SET|REMOVE|ADD|DELETE)(?!\w)/gi;
  const found: Array<{ keyword: string; start: number; bodyStart: number }> = [];
  for (const match of expression.matchAll(keyword)) found.push({ keyword: match[1]!.toUpperCase(), start: match.index, bodyStart: match.index + match[0].length });
  return found.map((clause, index) => ({ ...clause, end: found[index + 1]?.start ?? expression.length }));
}

/** The attribute names an expression refers to: bare words (keywords and functions too, harmlessly) and its #placeholders' names. */
function namesReferred(parts: UpdateParts, extra: readonly (string | undefined)[]): Set<string> {
  const names = new Set<string>(Object.values(parts.ExpressionAttributeNames ?? {}));
  for (const expression of [parts.UpdateExpression, ...extra]) {
    for (const word of (expression ?? '').match(/(?<![\w#:])[A-Za-z_]\w*/g) ?? []) names.add(word);
  }
  return names;
}

function freshPlaceholder(prefix: '#' | ':', base: string, taken: Attributes | Record<string, string> | undefined): string {
  let candidate = `${prefix}${base}`;
  for (let suffix = 1; taken && candidate in taken; suffix += 1) candidate = `${prefix}${base}${suffix}`;
  return candidate;
}

/** Adds `addition` (assignments or paths, comma-separated) to the clause `keyword`, or a clause of its own. */
function withClause(expression: string, keyword: 'SET' | 'REMOVE', addition: string): string {
  const clause = clausesOf(expression).find((candidate) => candidate.keyword === keyword);
  if (!clause) return expression.trim() === '' ? `${keyword} ${addition}` : `${expression.trimEnd()} ${keyword} ${addition}`;
  const head = expression.slice(0, clause.end).trimEnd();
  const tail = expression.slice(clause.end);
  return `${head}, ${addition}${tail === '' ? '' : ` ${tail.trimStart()}`}`;
}

/**
 * The update with the stamp: a SET of each attribute the stamp says, a REMOVE of each
 * it cannot (changedBy, requestId), each through a #name and :value that collide with
 * none of the update's. An attribute the update itself names (in its update or
 * condition expression) is left as the update says.
 */
export function stampedUpdate<T extends UpdateParts & { readonly ConditionExpression?: string | undefined }>(update: T, stamp: WriteStamp): T {
  if (exemptFromStamp(update.Key)) return update;
  const marshalled = isMarshalled(update.Key);
  const referred = namesReferred(update, [update.ConditionExpression]);
  const names: Record<string, string> = { ...(update.ExpressionAttributeNames ?? {}) };
  const values: Attributes = { ...(update.ExpressionAttributeValues ?? {}) };
  const assignments: string[] = [];
  const removals: string[] = [];
  for (const attribute of stampAttributes as readonly StampAttribute[]) {
    if (referred.has(attribute)) continue;
    const name = freshPlaceholder('#', `stamp_${attribute}`, names);
    const value = stamp[attribute];
    names[name] = attribute;
    if (value === undefined) {
      removals.push(name);
    } else {
      const placeholder = freshPlaceholder(':', `stamp_${attribute}`, values);
      values[placeholder] = valueOf(value, marshalled);
      assignments.push(`${name} = ${placeholder}`);
    }
  }
  if (assignments.length === 0 && removals.length === 0) return update;
  let expression = update.UpdateExpression ?? '';
  if (assignments.length > 0) expression = withClause(expression, 'SET', assignments.join(', '));
  if (removals.length > 0) expression = withClause(expression, 'REMOVE', removals.join(', '));
  return {
    ...update,
    UpdateExpression: expression,
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}

interface TransactPart {
  readonly Put?: { readonly Item?: Attributes };
  readonly Update?: UpdateParts;
}

/**
 * The input of a write command with the stamp (undefined: not a write of content, left
 * as is). Knows PutItem, UpdateItem, TransactWriteItems (Put and Update parts) and
 * BatchWriteItem (PutRequests), by the SDK's command name (document client or not).
 */
export function stampedWriteInput(commandName: string | undefined, input: unknown, stamp: WriteStamp): unknown {
  if (input === null || typeof input !== 'object') return undefined;
  const command = (commandName ?? '').replace(/Command$/, '');
  if (command === 'PutItem' || command === 'Put') {
    const put = input as { Item?: Attributes };
    return put.Item ? { ...put, Item: stampedItem(put.Item, stamp) } : undefined;
  }
  if (command === 'UpdateItem' || command === 'Update') return stampedUpdate(input as UpdateParts, stamp);
  if (command === 'TransactWriteItems' || command === 'TransactWrite') {
    const transaction = input as { TransactItems?: TransactPart[] };
    if (!transaction.TransactItems) return undefined;
    return {
      ...transaction,
      TransactItems: transaction.TransactItems.map((part) => {
        if (part.Put?.Item) return { ...part, Put: { ...part.Put, Item: stampedItem(part.Put.Item, stamp) } };
        if (part.Update) return { ...part, Update: stampedUpdate(part.Update, stamp) };
        return part;
      }),
    };
  }
  if (command === 'BatchWriteItem' || command === 'BatchWrite') {
    const batch = input as { RequestItems?: Record<string, Array<{ PutRequest?: { Item?: Attributes } }>> };
    if (!batch.RequestItems) return undefined;
    return {
      ...batch,
      RequestItems: Object.fromEntries(
        Object.entries(batch.RequestItems).map(([table, requests]) => [
          table,
          requests.map((request) => (request.PutRequest?.Item ? { ...request, PutRequest: { ...request.PutRequest, Item: stampedItem(request.PutRequest.Item, stamp) } } : request)),
        ]),
      ),
    };
  }
  return undefined;
}
