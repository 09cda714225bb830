/**
 * The OpenAPI 3.1 document, generated from the route manifest's zod schemas (zod's
 * JSON Schema output is draft 2020-12, the dialect OpenAPI 3.1 uses).
 */
import * as z from 'zod';
import { fieldGlossary } from './field-glossary';
import { routes, type RouteDefinition } from './routes';
import { problemDocument } from './schemas/common';

type JsonObject = Record<string, unknown>;

/** Named schemas (zod `.meta({ id })`) go to components.schemas; each use refers to them. */
type Components = Record<string, unknown>;

const schemaOf = (components: Components, schema: z.ZodType, io: 'input' | 'output'): JsonObject => {
  const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  const rehome = (value: unknown) => describeFields(JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonObject);
  for (const [name, definition] of Object.entries(($defs ?? {}) as JsonObject)) components[name] = rehome(definition);
  return rehome(rest);
};

/** Every property the schema leaves undescribed gets the glossary's meaning of its name (./field-glossary.ts). */
function describeFields(schema: JsonObject): JsonObject {
  for (const value of Object.values(schema)) {
    if (Array.isArray(value)) value.forEach((item) => item && typeof item === 'object' && describeFields(item as JsonObject));
    else if (value && typeof value === 'object') describeFields(value as JsonObject);
  }
  const properties = schema.properties as Record<string, JsonObject> | undefined;
  if (properties && typeof properties === 'object') {
    for (const [name, property] of Object.entries(properties)) {
      if (property && typeof property === 'object' && property.description === undefined && fieldGlossary[name]) property.description = fieldGlossary[name];
    }
  }
  return schema;
}

function parameters(components: Components, route: RouteDefinition): JsonObject[] {
  const of = (where: 'path' | 'query', shape: z.ZodObject | undefined): JsonObject[] =>
    Object.entries(shape?.shape ?? {}).map(([name, schema]) => {
      const described = schemaOf(components, schema as z.ZodType, 'input');
      const description = (described.description as string | undefined) ?? fieldGlossary[name];
      return {
        name,
        in: where,
        required: where === 'path' || !(schema as z.ZodType).safeParse(undefined).success,
        ...(description ? { description } : {}),
        schema: described,
      };
    });
  const idempotencyKey = route.idempotent
    ? [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description:
            'One effect per caller and key, kept a day: a replay gets the first response again (header idempotency-replayed: true); the same key with another request is a 422; while the first request still runs, a 409 with Retry-After.',
          schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,128}$' },
        },
      ]
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
  const problemOf = (description: string, headers?: JsonObject) => ({
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/problem+json': { schema: schemaOf(components, problemDocument, 'output') } },
  });
  // What the route pipeline (functions/http/middleware/) answers on any route of this kind; a route's own description wins.
  const pipelineProblems: JsonObject = {
    ...(route.access === 'public' ? {} : { 401: problemOf('No valid bearer token'), 403: problemOf(`None of the caller’s roles may call this (allowed: ${route.access.join(', ')})`) }),
    ...(body || route.request?.params || route.request?.query ? { 400: problemOf('The request is invalid: each field at fault is named in errors') } : {}),
    ...(body
      ? {
          413: problemOf('The body is over 64 KiB'),
          415: problemOf('The body is labelled as something else than application/json (UTF-8)'),
        }
      : {}),
    ...(route.idempotent
      ? {
          409: problemOf('A request with this Idempotency-Key is still running: retry after Retry-After seconds', { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } }),
          422: problemOf('The Idempotency-Key was used with another request'),
        }
      : {}),
    500: problemOf('The request failed unexpectedly; the problem names no internals, and the request is logged under its id'),
  };
  return {
    operationId: route.id,
    summary: route.summary,
    description: [
      route.description ?? route.summary,
      route.access === 'public' ? 'Public: no token needed.' : `Roles: ${route.access.join(', ')}.`,
      ...(route.idempotent ? ['Idempotent: send an Idempotency-Key.'] : []),
    ].join('\n\n'),
    ...(route.access === 'public' ? { security: [] } : { 'x-roles': route.access }),
    parameters: parameters(components, route),
    ...(body
      ? {
          requestBody: {
            required: true,
            description: 'JSON (application/json, UTF-8), at most 64 KiB; an object that names a property twice is refused (400).',
            content: { 'application/json': { schema: schemaOf(components, body, 'input') } },
          },
        }
      : {}),
    responses: { ...pipelineProblems, ...responses, ...(route.idempotent && responses[409] ? { 409: stillRunning(responses[409] as JsonObject, pipelineProblems[409] as JsonObject) } : {}) },
  };
}

/** A route's own 409, which on an idempotent route may also mean its Idempotency-Key is still running. */
function stillRunning(own: JsonObject, pipeline: JsonObject): JsonObject {
  return { ...own, description: `${String(own.description)}; or a request with this Idempotency-Key is still running: retry after Retry-After seconds`, headers: pipeline.headers };
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
      description: [
        'The API of a peer-to-peer lending information intermediary (网络借贷信息中介).',
        'Authentication: a bearer JWT (POST /v1/auth/login) whose groups are the caller’s roles; each operation lists the roles it allows (x-roles). Public operations need no token.',
        'Money: decimal strings of yuan with at most two decimals ("100000.00"), never JSON numbers; rates are decimal strings ("0.12" is 12% a year). Days are YYYY-MM-DD in Asia/Shanghai; instants are ISO 8601 UTC.',
        'Bodies: JSON (application/json, UTF-8, else 415), at most 64 KiB (else 413); an object naming a property twice is a 400.',
        'Errors: RFC 9457 problem documents (application/problem+json); a 400 names each field at fault. Every response carries x-request-id, the id a problem names as its instance.',
        'Idempotency: mutations take an Idempotency-Key header; a replay gets the first response (idempotency-replayed: true), the same key with another request is a 422, and while the first still runs a 409 with Retry-After.',
        'Paging: lists return nextCursor while more entries follow; send it back as cursor. Cursors are opaque and sealed; an altered one is a 400.',
      ].join('\n\n'),
    },
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
