import { openApiDocument } from '../../../functions/api/openapi';
import { routes } from '../../../functions/api/routes';

test('the document has one operation per manifest route, public ones without security', () => {
  const document = openApiDocument() as { openapi: string; paths: Record<string, Record<string, any>> };
  expect(document.openapi).toBe('3.1.0');
  const operations = Object.values(document.paths).flatMap((path) => Object.values(path));
  expect(operations).toHaveLength(routes.length);
  for (const route of routes) {
    const operation = document.paths[route.path]?.[route.method.toLowerCase()];
    expect(operation.operationId).toBe(route.id);
    if (route.access === 'public') expect(operation.security).toEqual([]);
    else expect(operation['x-roles']).toEqual(route.access);
  }
});

test('every $ref points at a schema in components', () => {
  const document = openApiDocument() as { components: { schemas: Record<string, unknown> } };
  const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]);
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) {
    expect(ref).toMatch(/^#\/components\/schemas\//);
    expect(document.components.schemas[ref?.split('/').pop() ?? '']).toBeDefined();
  }
});
