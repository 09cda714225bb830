/**
 * AWS Signature Version 4, checked the way an AWS service checks it: the twin's AWS
 * JSON endpoints recompute the signature of a request from the secret access key of
 * the twin's credentials and compare. Only a caller holding the twin's per-start
 * secret (./control-secret.ts) can sign. The scope's date, region and service are
 * taken from the request, as the twin has one region and no expiry window.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The AWS error the request earns, or undefined when it is signed with the credentials. */
export function signatureV4Refusal(request: IncomingMessage, body: string, credentials: AwsCredentials): { type: string; message: string } | undefined {
  const authorization = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8}\/[^/,\s]+\/[^/,\s]+\/aws4_request),\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(
    String(request.headers.authorization ?? ''),
  );
  if (!authorization) return { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  const [, accessKeyId, scope = '', signedHeaders = '', signature = ''] = authorization;
  if (accessKeyId !== credentials.accessKeyId) return { type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const url = new URL(request.url ?? '/', 'http://twin');
  const query = [...url.searchParams].map(([name, value]) => `${encode(name)}=${encode(value)}`).sort().join('&');
  const headers = signedHeaders.split(';').map((name) => `${name}:${headerValue(request, name)}\n`).join('');
  const payloadHash = String(request.headers['x-amz-content-sha256'] ?? sha256(body));
  const canonicalRequest = [request.method, url.pathname, query, headers, signedHeaders, payloadHash].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = scope.split('/').reduce<Buffer | string>((previous, part) => hmac(previous, part), `AWS4${credentials.secretAccessKey}`);
  const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
  if (!signedHeaders.split(';').includes('host') || !timingSafeEqual(expected, Buffer.from(signature))) {
    return { type: 'InvalidSignatureException', message: 'The request signature we calculated does not match the signature you provided.' };
  }
  return undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();
const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);

function headerValue(request: IncomingMessage, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ');
}
