/**
 * Each route handler imports its own route definition from its area module
 * (lib/manifest/routes/<area>.ts) instead of looking it up in the whole manifest, so
 * that its bundle holds only that area's schemas (QUALITY.md, cold start). The manifest's
 * list (CDK, twin, OpenAPI) stays the one place routes are declared: this proves that
 * every handler file's route is the very manifest entry that names the file.
 */
import { readFileSync } from 'node:fs';
import { routes, type RouteDefinition } from '../../../functions/api/routes';
import { projectPath } from '../../../lib/project-paths';

test('no two routes share a handler file or an id', () => {
  expect(new Set(routes.map((route) => route.handler)).size).toBe(routes.length);
  expect(new Set(routes.map((route) => route.id)).size).toBe(routes.length);
});

test.each(routes.map((route) => [route.id, route] as const))('%s: the handler file exports a handler built for this manifest entry', async (_id, route) => {
  const module = (await import(projectPath(route.handler))) as { handler?: { route?: RouteDefinition } };
  expect(typeof module.handler).toBe('function');
  // The same object, not a copy: the handler imported the manifest's own entry.
  expect(module.handler?.route?.id).toBe(route.id);
  expect(module.handler?.route).toBe(route);
}, 60_000);

test.each(routes.map((route) => [route.id, route] as const))('%s: the handler file does not import the whole manifest (functions/api/routes.ts)', (_id, route) => {
  const source = readFileSync(projectPath(route.handler), 'utf8');
  expect(source).not.toMatch(/from '(\.\.\/)+lib\/manifest\/routes'/);
});
