/**
 * The AWS JSON protocol (1.0 and 1.1) as the twin's local services speak it: POST /
 * with `X-Amz-Target: <Service>.<Operation>`, a JSON object in and out, errors as
 * 400 `{"__type", "message"}` with `x-amzn-errortype`, so the AWS SDK clients work
 * against the twin unchanged.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { clientsCloseIdleConnections } from './ports';
import { namesLoopbackHost } from './control-secret';
import { signatureV4Refusal, type AwsCredentials } from './signature-v4';

export type AwsJsonBody = Record<string, unknown>;

/** An error in the service's own terms: its __type, as the SDK names the exception. */
export class AwsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

export interface AwsJsonService<Backend> {
  /** The X-Amz-Target prefix, e.g. AWSStepFunctions. */
  readonly targetPrefix: string;
  readonly protocolVersion: '1.0' | '1.1';
  /** The __type of an unexpected failure, e.g. InternalFailure. */
  readonly internalErrorType: string;
  readonly operations: Readonly<Record<string, (backend: Backend, body: AwsJsonBody) => unknown>>;
  /** When given, every operation but the public ones must be signed (Signature V4) with these credentials. */
  readonly authentication?: { readonly credentials: AwsCredentials; readonly publicOperations: readonly string[] };
}

const maxBodyBytes = 1024 * 1024;

export function awsJsonServer<Backend>(service: AwsJsonService<Backend>, backend: Backend): Server {
  const contentType = `application/x-amz-json-${service.protocolVersion}`;
  return clientsCloseIdleConnections(createServer(async (request, response) => {
    const reply = (status: number, payload: unknown, errorType?: string) => {
      response.writeHead(status, { 'content-type': contentType, ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      response.end(JSON.stringify(payload));
    };
    try {
      // Not a browser page that rebound its name to 127.0.0.1 (the SDK names the endpoint's loopback address).
      if (!namesLoopbackHost(request)) throw new AwsServiceError('AccessDeniedException', 'the twin answers a loopback Host only');
      const target = String(request.headers['x-amz-target'] ?? '');
      const name = target.startsWith(`${service.targetPrefix}.`) ? target.slice(service.targetPrefix.length + 1) : '';
      const operation = service.operations[name];
      if (request.method !== 'POST' || !operation) throw new AwsServiceError('UnknownOperationException', `the twin does not serve ${target || 'this request'}`);
      const raw = await readBody(request);
      const { authentication } = service;
      const refusal = authentication && !authentication.publicOperations.includes(name) ? signatureV4Refusal(request, raw, authentication.credentials) : undefined;
      if (refusal) throw new AwsServiceError(refusal.type, refusal.message);
      reply(200, await operation(backend, parseJson(raw)));
    } catch (error) {
      if (error instanceof AwsServiceError) reply(400, { __type: error.type, message: error.message }, error.type);
      else reply(500, { __type: service.internalErrorType, message: 'the twin failed to serve this request' }, service.internalErrorType);
    }
  }));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new AwsServiceError('SerializationException', 'the request body is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): AwsJsonBody {
  try {
    const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
    return parsed as AwsJsonBody;
  } catch {
    throw new AwsServiceError('SerializationException', 'the request body is not a JSON object');
  }
}
