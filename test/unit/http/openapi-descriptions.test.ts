/**
 * The OpenAPI document describes what a client needs: every operation says who may call
 * it, every parameter and request field what it means, and every operation the problems
 * the route pipeline can answer (401/403, 400, 413/415, 409 + Retry-After, 422, 500).
 */
import { openApiDocument } from '../../../functions/api/openapi';
import { routes } from '../../../functions/api/routes';

type Schema = Record<string, any>;
const document = openApiDocument() as { info: { description: string }; components: { schemas: Record<string, Schema> }; paths: Record<string, Record<string, Schema>> };
const resolve = (schema: Schema | undefined): Schema | undefined => (schema?.$ref ? resolve(document.components.schemas[schema.$ref.split('/').at(-1)]) : schema);
const operationOf = (route: (typeof routes)[number]) => document.paths[route.path]![route.method.toLowerCase()]!;

function undescribed(schema: Schema | undefined, path: string, seen = new Set<Schema>()): string[] {
  const resolved = resolve(schema);
  if (!resolved || seen.has(resolved)) return [];
  seen.add(resolved);
  const missing: string[] = [];
  for (const [name, property] of Object.entries<Schema>(resolved.properties ?? {})) {
    if (!property.description && !resolve(property)?.description) missing.push(`${path}.${name}`);
    missing.push(...undescribed(property, `${path}.${name}`, seen));
  }
  if (resolved.items) missing.push(...undescribed(resolved.items, `${path}[]`, seen));
  for (const variant of [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])]) missing.push(...undescribed(variant, path, seen));
  return missing;
}

test('the document states the conventions: auth, money, errors, idempotency, paging', () => {
  for (const topic of ['bearer JWT', 'decimal strings of yuan', 'RFC 9457', 'Idempotency-Key', 'Retry-After', 'cursor', 'application/json', 'x-request-id']) {
    expect(document.info.description).toContain(topic);
  }
});

test('every parameter and every request field is described', () => {
  const missing = routes.flatMap((route) => {
    const operation = operationOf(route);
    return [
      ...(operation.parameters ?? []).filter((parameter: Schema) => !parameter.description).map((parameter: Schema) => `${route.id} ${parameter.in} ${parameter.name}`),
      ...undescribed(operation.requestBody?.content['application/json'].schema, `${route.id} body`),
    ];
  });
  expect(missing).toEqual([]);
});

test('every operation says who may call it and what the pipeline may answer', () => {
  for (const route of routes) {
    const operation = operationOf(route);
    expect(operation.description).toContain(route.access === 'public' ? 'Public' : `Roles: ${route.access.join(', ')}`);
    const statuses = Object.keys(operation.responses).map(Number);
    expect(statuses).toContain(500);
    if (route.access !== 'public') expect(statuses).toEqual(expect.arrayContaining([401, 403]));
    if (route.request?.body) expect(statuses).toEqual(expect.arrayContaining([400, 413, 415]));
    if (route.idempotent) {
      expect(statuses).toEqual(expect.arrayContaining([409, 422]));
      expect(operation.responses[409].headers['Retry-After']).toBeDefined();
    }
  }
});

test('the problem document, money, rates and days say what they are', () => {
  expect(undescribed(document.components.schemas.Problem, 'Problem')).toEqual([]);
  for (const name of ['Problem', 'YuanAmount', 'Rate', 'CalendarDate']) expect(document.components.schemas[name]?.description).toBeTruthy();
});
