/**
 * Bad input, from the OpenAPI document: every route of the manifest gets malformed
 * requests built from its own schemas (not JSON, wrong JSON shapes, each property
 * missing, of the wrong type, a float or a negative or a huge number for money, too
 * long, an unknown property, an oversize body; broken path and query parameters) with
 * a token carrying the roles it allows. Every answer is a 4xx problem document, never
 * a 5xx, and the table holds exactly the items it held before (counted once the stream
 * consumers have caught up): nothing was written.
 * Then authorisation: every route refuses every role it does not allow (403) and, unless
 * public, a request without a token (401).
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { roles } from '../../functions/core/roles';
import { routes } from '../../functions/api/routes';
import { tokenFor } from '../support/custody';
import { twinWithClientsForThisFile } from '../support/listings';
import { json, type RunningTwin } from '../support/twin-process';

const setup = twinWithClientsForThisFile();
let twin: RunningTwin;
let openapi: any;
beforeAll(async () => {
  twin = setup.twin;
  openapi = (await json(`${twin.apiUrl}/openapi.json`)).body;
});

type Schema = Record<string, any>;
const resolve = (schema: Schema | undefined): Schema => {
  if (!schema) return {};
  if (typeof schema.$ref === 'string') return resolve(openapi.components.schemas[schema.$ref.split('/').at(-1) ?? '']);
  return schema;
};

/** A plausible value for a schema, so that each mutation below is the only thing wrong. */
function sample(schema: Schema): unknown {
  const resolved = resolve(schema);
  if (resolved.const !== undefined) return resolved.const;
  if (Array.isArray(resolved.enum)) return resolved.enum[0];
  const variant = resolved.anyOf ?? resolved.oneOf;
  if (Array.isArray(variant)) return sample(variant[0]);
  switch (resolved.type) {
    case 'object':
      return Object.fromEntries(Object.entries(resolved.properties ?? {}).map(([name, property]) => [name, sample(property as Schema)]));
    case 'array':
      return [sample(resolved.items ?? {})];
    case 'integer':
    case 'number':
      return resolved.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      if (typeof resolved.pattern === 'string' && /\\\.\\d|\\d\{1,2\}|\.\d/.test(resolved.pattern)) return '100.00';
      return 'fuzz';
  }
}

/** Bodies that are each wrong in one way. */
function badBodies(schema: Schema): Array<{ what: string; body: string }> {
  const resolved = resolve(schema);
  const base = sample(resolved) as Record<string, unknown>;
  const bodies: Array<{ what: string; body: string }> = [
    { what: 'not JSON', body: '{"amount": ' },
    { what: 'a JSON array', body: '[]' },
    { what: 'JSON null', body: 'null' },
    { what: 'an unknown property', body: JSON.stringify({ ...base, isAdmin: true, roles: ['admin'] }) },
  ];
  for (const name of resolved.required ?? []) {
    const { [name]: _dropped, ...rest } = base;
    bodies.push({ what: `${name} missing`, body: JSON.stringify(rest) });
  }
  for (const [name, property] of Object.entries(resolved.properties ?? {})) {
    const type = resolve(property as Schema).type;
    const wrong: unknown[] =
      type === 'string'
        ? [12345, 100.5, null, 'x'.repeat(5000), '-100.00', '100.005', '1e3', '99999999999999999999999.00', ' 100.00']
        : type === 'integer' || type === 'number'
          ? ['12', 1.5, -1, 1e308, 2 ** 53 + 1, null]
          : type === 'array'
            ? ['x', Array.from({ length: 1000 }, () => 'x'), null]
            : ['x', 7, null];
    for (const value of wrong) bodies.push({ what: `${name} = ${JSON.stringify(value).slice(0, 40)}`, body: JSON.stringify({ ...base, [name]: value }) });
  }
  bodies.push({ what: 'an oversize body', body: JSON.stringify({ ...base, padding: 'x'.repeat(3 * 1024 * 1024) }) });
  return bodies;
}

/** The table's item count once the workflows and the stream consumers (audit trail, figures) have caught up: a clock step settles them. */
async function itemCount(): Promise<number> {
  expect((await json(`${twin.apiUrl}/_twin/clock`, { method: 'POST', body: JSON.stringify({ advance: 'PT1S' }) })).status).toBe(200);
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await setup.documents.send(new ScanCommand({ TableName: twin.tableName, Select: 'COUNT', ConsistentRead: true, ExclusiveStartKey }));
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

const pathWith = (template: string, value: (name: string) => string) => template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(value(name)));

test('every route answers malformed input with a 4xx problem and writes nothing', async () => {
  const before = await itemCount();
  const failures: string[] = [];
  let requests = 0;
  for (const route of routes) {
    const operation = openapi.paths[route.path][route.method.toLowerCase()];
    const allowed = route.access === 'public' ? ['investor'] : [...route.access];
    const token = await tokenFor(twin, `fuzz-${randomUUID()}`, allowed);
    const send = async (what: string, path: string, body?: string) => {
      requests += 1;
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID(), 'content-type': 'application/json' };
      const response = await fetch(`${twin.apiUrl}${path}`, { method: route.method, headers, ...(body === undefined ? {} : { body }) });
      const text = await response.text();
      const problem = response.headers.get('content-type')?.startsWith('application/problem+json') || response.status === 413;
      if (response.status < 400 || response.status >= 500 || !problem) failures.push(`${route.method} ${route.path} (${what}) → ${response.status} ${text.slice(0, 160)}`);
    };
    const validPath = pathWith(route.path, () => `fuzz-${randomUUID().slice(0, 8)}`);
    if (route.path.includes('{')) {
      for (const bad of ['x'.repeat(600), '../../etc/passwd', ' ', '%00']) await send(`path parameter ${JSON.stringify(bad.slice(0, 20))}`, pathWith(route.path, () => bad), route.method === 'GET' ? undefined : '{}');
    }
    for (const parameter of (operation.parameters ?? []).filter((candidate: { in: string }) => candidate.in === 'query')) {
      // A value the parameter's own pattern allows is not malformed (a username prefix may well be "abc").
      const pattern = (parameter as { schema?: { pattern?: string } }).schema?.pattern;
      const malformed = ['-1', 'abc', '1e9', '1.5', 'x'.repeat(3000)].filter((bad) => !pattern || !new RegExp(pattern).test(bad));
      for (const bad of malformed) await send(`query ${parameter.name}=${bad.slice(0, 12)}`, `${validPath}?${parameter.name}=${encodeURIComponent(bad)}`);
    }
    const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
    if (bodySchema) for (const { what, body } of badBodies(bodySchema)) await send(what, validPath, body);
  }
  expect(failures).toEqual([]);
  console.log(`fuzz: ${requests} requests`);
  expect(requests).toBeGreaterThan(300);
  expect(await itemCount()).toBe(before);
}, 240_000);

test('every route refuses the roles it does not allow (403) and, unless public, a request without a token (401)', async () => {
  const failures: string[] = [];
  for (const route of routes) {
    const path = pathWith(route.path, () => `authz-${randomUUID().slice(0, 8)}`);
    const init = (headers: Record<string, string>) => ({ method: route.method, headers: { ...headers, 'idempotency-key': randomUUID(), 'content-type': 'application/json' }, ...(route.method === 'GET' ? {} : { body: '{}' }) });
    if (route.access === 'public') continue;
    const anonymous = await fetch(`${twin.apiUrl}${path}`, init({}));
    if (anonymous.status !== 401) failures.push(`${route.method} ${route.path} without a token → ${anonymous.status}`);
    for (const role of roles.filter((candidate) => !route.access.includes(candidate as never))) {
      const token = await tokenFor(twin, `authz-${randomUUID()}`, [role]);
      const response = await fetch(`${twin.apiUrl}${path}`, init({ authorization: `Bearer ${token}` }));
      if (response.status !== 403) failures.push(`${route.method} ${route.path} as ${role} → ${response.status}`);
    }
  }
  expect(failures).toEqual([]);
}, 120_000);
