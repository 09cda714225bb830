/**
 * Document storage (contracts, disclosure exports): bytes by key. On AWS the documents
 * bucket (DOCUMENTS_BUCKET_NAME, KMS-encrypted, versioned); on the twin the folder
 * OBJECT_STORE_DIR standing in for it, one file per key.
 *
 * `putOnce` writes a document once: a second write of the same bytes is fine (a
 * replayed workflow step), different bytes under an existing key are refused
 * (DocumentConflictError) and never overwrite it. On S3 the write is conditional
 * (If-None-Match: *); locally the file appears atomically (written aside, then linked).
 */
import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
// The S3 client module (the SDK's largest here) is loaded on first use, not at init: functions that
// only list disclosures import this adapter too, without a documents grant (cold start).
import type { S3Client } from '@aws-sdk/client-s3';
import { config } from '../../settings/settings';

export type { DocumentStore } from '../../application/ports/origination-documents';
import type { DocumentStore } from '../../application/ports/origination-documents';

export { DocumentConflictError } from '../../core/errors';
import { DocumentConflictError } from '../../core/errors';

const keyPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
function assertKey(key: string): void {
  if (!keyPattern.test(key) || key.split('/').some((segment) => segment === '..' || segment === '.') || key.length > 512) {
    throw new RangeError(`not a document key: ${key}`);
  }
}

const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function sameOrConflict(store: DocumentStore, key: string, bytes: Uint8Array): Promise<'existing'> {
  const existing = await store.get(key);
  if (!existing || digest(existing) !== digest(bytes)) throw new DocumentConflictError(key);
  return 'existing';
}

/** The twin's stand-in for the bucket: a folder, one file per key. */
export class FolderDocumentStore implements DocumentStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    assertKey(key);
    const path = resolve(join(this.root, ...key.split('/')));
    if (!path.startsWith(this.root + sep)) throw new RangeError(`not a document key: ${key}`);
    return path;
  }

  async putOnce(key: string, bytes: Uint8Array, _contentType: string): Promise<'created' | 'existing'> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const aside = `${path}.${randomUUID()}.partial`;
    await writeFile(aside, bytes, { flag: 'wx' });
    try {
      await link(aside, path);
      return 'created';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return sameOrConflict(this, key, bytes);
    } finally {
      await unlink(aside).catch(() => undefined);
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.pathOf(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

/** The documents bucket; objects are encrypted with the bucket's KMS key (its default encryption). */
export class S3DocumentStore implements DocumentStore {
  constructor(
    private s3: S3Client | undefined,
    private readonly bucket: string,
  ) {}

  private async sdk() {
    const sdk = await import('@aws-sdk/client-s3');
    this.s3 ??= new sdk.S3Client({});
    return { s3: this.s3, sdk };
  }

  async putOnce(key: string, bytes: Uint8Array, contentType: string): Promise<'created' | 'existing'> {
    assertKey(key);
    const { s3, sdk } = await this.sdk();
    try {
      await s3.send(
        new sdk.PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: bytes,
          ContentType: contentType,
          IfNoneMatch: '*',
          ChecksumAlgorithm: 'SHA256',
        }),
      );
      return 'created';
    } catch (error) {
      const name = (error as { name?: string }).name;
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      // 412: an object exists; 409: a concurrent conditional write is in progress.
      if (name !== 'PreconditionFailed' && status !== 412 && status !== 409) throw error;
      return sameOrConflict(this, key, bytes);
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    assertKey(key);
    const { s3, sdk } = await this.sdk();
    try {
      const object = await s3.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}

let configured: DocumentStore | undefined;

export function documentStore(): DocumentStore {
  if (!configured) {
    const where = config.documentStore();
    configured = where.kind === 's3' ? new S3DocumentStore(undefined, where.value) : new FolderDocumentStore(where.value);
  }
  return configured;
}
