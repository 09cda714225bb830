/**
 * Runs the whole pipeline of a request in its request context (who, which request:
 * functions/adapters/runtime/request-context.ts), so every table write it makes is
 * stamped, and names the request in `x-request-id` on every response, refusals included.
 * A wrapper rather than a middy middleware: an AsyncLocalStorage context has to enclose
 * the handler, and a middleware's `before` cannot open one that outlives it.
 */
import type { Context } from 'aws-lambda';
import type { RouteDefinition } from '../../api/route-definition';
import { anonymousActor, withRequestContext } from '../../adapters/runtime/request-context';
import type { HttpEvent, HttpResponse } from './route-event';

export type HttpHandler = (event: HttpEvent, context: Context) => Promise<HttpResponse>;

export function inRequestContext(route: RouteDefinition, handler: HttpHandler): HttpHandler {
  return async (event, context) => {
    const requestId = event.requestContext?.requestId;
    const response = await withRequestContext({ actor: actorOf(route, event), ...(requestId ? { requestId } : {}) }, () => handler(event, context));
    return requestId ? { ...response, headers: { ...response.headers, 'x-request-id': requestId } } : response;
  };
}

/** Who a request acts as: the caller's user id (the authorizer's `sub`), the bank on its callback, else `public`. */
export function actorOf(route: RouteDefinition, event: HttpEvent): string {
  if (route.id === 'postCustodyCallback') return 'custodian-bank';
  const claims = event.requestContext && 'authorizer' in event.requestContext ? event.requestContext.authorizer?.jwt?.claims : undefined;
  return route.access !== 'public' && typeof claims?.sub === 'string' && claims.sub !== '' ? claims.sub : anonymousActor;
}
