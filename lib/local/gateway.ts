/**
 * The twin's HTTP gateway: serves the route manifest the way API Gateway's HTTP API
 * does (payload format 2.0 events, the JWT authorizer on every non-public route,
 * the same handler files), plus the twin-only control routes under /_twin/, and the
 * built website on every other GET the way the front door's CloudFront does (./site.ts).
 */
import { randomUUID } from 'node:crypto';
import { clientsCloseIdleConnections } from './ports';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { routes, type RouteDefinition } from '../../functions/api/routes';
import type { TwinClock } from './clock';
import { controlRefusal } from './control-secret';
import type { LocalFunctions } from './functions';
import type { LocalIdentityProvider } from './identity';
import { serveSite } from './site';

/** What API Gateway's HTTP API JWT authorizer answers for a missing or refused token: the one error that is not a problem document. */
const unauthorized: APIGatewayProxyResultV2 = { statusCode: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Unauthorized' }) };

/** API Gateway's own payload limit. */
const maxPayloadBytes = 10 * 1024 * 1024;

export interface ControlRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}
export type ControlRoutes = (request: ControlRequest) => Promise<{ status: number; body: unknown }>;

interface CompiledRoute {
  readonly route: RouteDefinition;
  readonly pattern: RegExp;
  readonly names: string[];
}

function compile(route: RouteDefinition): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

export function httpGateway(options: {
  functions: LocalFunctions;
  identity: LocalIdentityProvider;
  clock: TwinClock;
  control: ControlRoutes;
  /** The twin's control secret (./control-secret.ts), asked of every /_twin/ request. */
  controlSecret: string;
  /** The built website (web/dist), served at / beside /v1/; none when absent. */
  site?: string;
}): Server {
  const compiled = routes.map(compile);
  return clientsCloseIdleConnections(createServer((request, response) => {
    serve(request, response).catch(() => send(response, { statusCode: 500, body: JSON.stringify({ message: 'Internal Server Error' }) }));
  }));

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://twin');
    const method = request.method ?? 'GET';
    const raw = await readBody(request);
    if (raw === undefined) return send(response, { statusCode: 413, body: JSON.stringify({ message: 'Request Entity Too Large' }) });
    if (url.pathname.startsWith('/_twin/')) {
      const refusal = controlRefusal(request, options.controlSecret, raw);
      if (refusal) return send(response, problem(refusal.status, refusal.detail));
      let body: unknown;
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        return send(response, problem(400, 'The request body is not valid JSON'));
      }
      const result = await options.control({ method, path: url.pathname, body });
      return send(response, { statusCode: result.status, headers: { 'content-type': result.status >= 400 ? 'application/problem+json' : 'application/json' }, body: JSON.stringify(result.body) });
    }
    let match: { compiledRoute: CompiledRoute; values: string[] } | undefined;
    for (const compiledRoute of compiled) {
      const found = compiledRoute.route.method === method ? compiledRoute.pattern.exec(url.pathname) : null;
      if (found) match = { compiledRoute, values: found.slice(1) };
    }
    const isPage = (method === 'GET' || method === 'HEAD') && !url.pathname.startsWith('/v1/');
    if (!match && options.site && isPage) return serveSite(options.site, url.pathname, method, response);
    // API Gateway answers an unknown route with 404 {"message":"Not Found"}.
    if (!match) return send(response, { statusCode: 404, body: JSON.stringify({ message: 'Not Found' }) });
    const { route, names } = match.compiledRoute;
    let claims: JWTPayload | undefined;
    if (route.access !== 'public') {
      const bearer = /^Bearer (.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
      claims = bearer ? await options.identity.verify(bearer) : undefined;
      if (!claims) return send(response, unauthorized);
    }
    let pathParameters: Record<string, string>;
    try {
      pathParameters = Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match.values[index] ?? '')]));
    } catch {
      return send(response, problem(400, 'The path is not valid percent-encoding'));
    }
    const event = toEvent(request, url, raw, route, pathParameters, claims, options.clock.now());
    let result: APIGatewayProxyResultV2;
    try {
      result = (await options.functions.invoke(route.handler, event)) as APIGatewayProxyResultV2;
    } catch {
      return send(response, { statusCode: 500, body: JSON.stringify({ message: 'Internal Server Error' }) });
    }
    send(response, result);
  }
}

function toEvent(
  request: IncomingMessage,
  url: URL,
  raw: Buffer,
  route: RouteDefinition,
  pathParameters: Record<string, string>,
  claims: JWTPayload | undefined,
  now: Date,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const textual = /json|text|xml|x-www-form-urlencoded/.test(String(request.headers['content-type'] ?? 'application/json'));
  const requestId = randomUUID();
  const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    cookies: request.headers.cookie?.split(/;\s*/),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'twin',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'twin',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims: flattenClaims(claims), scopes: null } } } : {}),
    },
    isBase64Encoded: raw.length > 0 && !textual,
    ...(raw.length ? { body: textual ? raw.toString('utf8') : raw.toString('base64') } : {}),
  };
  return event;
}

/** API Gateway hands claims to the function as strings; arrays become "[a b]". */
function flattenClaims(claims: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value)]),
  );
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxPayloadBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result === 'string' || typeof result !== 'object' || result === null || !('statusCode' in result)) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(typeof result === 'string' ? result : JSON.stringify(result));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

export function problem(status: number, detail: string): APIGatewayProxyResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status], status, detail }),
  };
}
