/** The document store (S3 on AWS, a folder on the twin): write-once documents. */
export interface DocumentStore {
  /** 'created' the first time; 'existing' when the same bytes were already there; other bytes are a conflict (409). */
  putOnce(key: string, bytes: Uint8Array, contentType: string): Promise<'created' | 'existing'>;
  /** The document's bytes, or undefined when there is none. */
  get(key: string): Promise<Uint8Array | undefined>;
}
