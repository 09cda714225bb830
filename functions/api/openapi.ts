/**
 * The OpenAPI 3.1 document, generated from the route manifest's zod schemas (zod's
 * JSON Schema output is draft 2020-12, the dialect OpenAPI 3.1 uses).
 */
import * as z from 'zod';
import { routes, type RouteDefinition } from './routes';
import { problemDocument } from './schemas/common';

type JsonObject = Record<string, unknown>;

/** Named schemas (zod `.meta({ id })`) go to components.schemas; each use refers to them. */
type Components = Record<string, unknown>;

const schemaOf = (components: Components, schema: z.ZodType, io: 'input' | 'output'): JsonObject => {
  const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  const rehome = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonObject;
  for (const [name, definition] of Object.entries(($defs ?? {}) as JsonObject)) components[name] = rehome(definition);
  return rehome(rest);
};

function parameters(components: Components, route: RouteDefinition): JsonObject[] {
  const of = (where: 'path' | 'query', shape: z.ZodObject | undefined): JsonObject[] =>
    Object.entries(shape?.shape ?? {}).map(([name, schema]) => ({
      name,
      in: where,
      required: where === 'path' || !(schema as z.ZodType).safeParse(undefined).success,
      schema: schemaOf(components, schema as z.ZodType, 'input'),
    }));
  const idempotencyKey = route.idempotent
    ? [{ name: 'Idempotency-Key', in: 'header', required: true, description: 'One effect per key: a replay gets the first response; the same key with another request is a 422', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,128}$' } }]
    : [];
  return [...of('path', route.request?.params), ...of('query', route.request?.query), ...idempotencyKey];
}

function operation(components: Components, route: RouteDefinition): JsonObject {
  const responses = Object.fromEntries(
    Object.entries(route.responses).map(([status, response]) => [
      status,
      {
        description: response.description,
        ...(response.body
          ? { content: { [response.mediaType ?? (Number(status) >= 400 ? 'application/problem+json' : 'application/json')]: { schema: schemaOf(components, response.body, 'output') } } }
          : {}),
      },
    ]),
  );
  const body = route.request?.body;
  return {
    operationId: route.id,
    summary: route.summary,
    ...(route.access === 'public' ? { security: [] } : { 'x-roles': route.access }),
    parameters: parameters(components, route),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(components, body, 'input') } } } } : {}),
    responses: {
      ...responses,
      ...(body ? { 400: { description: 'The request is invalid', content: { 'application/problem+json': { schema: schemaOf(components, problemDocument, 'output') } } } } : {}),
    },
  };
}

export function openApiDocument(): JsonObject {
  const components: Components = {};
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(components, route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'P2P lending platform API',
      version: '1',
      description: 'Amounts are decimal strings in yuan with at most two decimals; errors are RFC 9457 problem documents.',
    },
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
