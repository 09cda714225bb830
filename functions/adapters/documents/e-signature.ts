/**
 * The e-signature port (电子签名, an e签宝 / 法大大 style service): signs a document's
 * SHA-256 digest for each party (the borrower, each investor, the platform) and
 * verifies such signatures.
 *
 * What is signed, for each party, is one canonical statement binding the digest to
 * that party: "p2p-loan-contract-signature/v1\n<sha256 hex>\n<role>\n<party ref>\n<signedAt>",
 * followed, for every party but the platform, by its consent record: "\n<termsHash>\n<acceptedAt>\n<requestId>".
 * Changing the document (its digest), the party, the time or the consent breaks the signature.
 *
 * Consent first: a borrower, investor, seller or buyer is signed for only with a consent
 * record to the document's terms (core/loan-agreement assertConsented); without one the
 * signer throws ConsentMissingError and signs for no one.
 *
 * Two implementations, chosen by configuration (functions/settings/config.ts):
 * - AWS: an asymmetric KMS key (ECC_NIST_P256, ECDSA_SHA_256). Sign is a KMS call per
 *   party; verification fetches the public key once and checks locally.
 * - the twin: the local simulator signer with a real Ed25519 key pair generated once per
 *   twin data folder (lib/local/e-signature-key.ts) and read from the PEM file the twin
 *   names in E_SIGNATURE_LOCAL_KEY_FILE.
 * A signature made with any other key (its keyId differs from the configured key's) does
 * not verify.
 */
import { createHash, createPrivateKey, createPublicKey, sign as signBytes, verify as verifyBytes, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
// The KMS client module is loaded when a KMS key is first used, not at init: functions that only
// read contracts import this adapter too, and have no KMS grant (cold start).
import type { KMSClient } from '@aws-sdk/client-kms';
import { assertConsented, type PartyConsent, type SignatureRecord, type SigningParty } from '../../core/loan-agreement';
import { config } from '../../settings/settings';

export type { SignatureAlgorithm, SignatureRecord } from '../../core/loan-agreement';

export interface ESignature {
  /** Signs `sha256` for every party, each with their consent to `termsHash` (ConsentMissingError when one has none). */
  sign(sha256: string, parties: readonly SigningParty[], at: Date, termsHash: string): Promise<SignatureRecord[]>;
  verify(sha256: string, record: SignatureRecord): Promise<boolean>;
}

/** The bytes signed for one party. */
export function signedStatement(sha256: string, role: string, party: string, signedAt: string, consent?: PartyConsent): Buffer {
  const consented = consent ? [consent.termsHash, consent.acceptedAt, consent.requestId] : [];
  return Buffer.from(['p2p-loan-contract-signature/v1', sha256, role, party, signedAt, ...consented].join('\n'), 'utf8');
}

/** What every signer checks before signing anything. */
function assertSignable(sha256: string, parties: readonly SigningParty[], termsHash: string): void {
  assertDigest(sha256);
  assertConsented(parties, termsHash);
}

const withConsent = (consent: PartyConsent | undefined) => (consent ? { consent } : {});

const sha256Pattern = /^[0-9a-f]{64}$/;
function assertDigest(sha256: string): void {
  if (!sha256Pattern.test(sha256)) throw new RangeError('a document digest is 64 lowercase hex digits (SHA-256)');
}

/** The twin's simulator signer: a real Ed25519 key pair; keyId names the public key by its fingerprint. */
export class LocalSigner implements ESignature {
  readonly keyId: string;
  private readonly publicKey: KeyObject;

  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the local e-signature key must be an Ed25519 private key');
    this.publicKey = createPublicKey(privateKey);
    const spki = this.publicKey.export({ format: 'der', type: 'spki' });
    this.keyId = `local-ed25519:${createHash('sha256').update(spki).digest('hex').slice(0, 32)}`;
  }

  static fromPem(pem: string): LocalSigner {
    return new LocalSigner(createPrivateKey(pem));
  }

  async sign(sha256: string, parties: readonly SigningParty[], at: Date, termsHash: string): Promise<SignatureRecord[]> {
    assertSignable(sha256, parties, termsHash);
    const signedAt = at.toISOString();
    return parties.map(({ role, party, consent }) => ({
      role,
      party,
      ...withConsent(consent),
      algorithm: 'Ed25519' as const,
      keyId: this.keyId,
      signedAt,
      signature: signBytes(null, signedStatement(sha256, role, party, signedAt, consent), this.privateKey).toString('base64'),
    }));
  }

  async verify(sha256: string, record: SignatureRecord): Promise<boolean> {
    if (record.algorithm !== 'Ed25519' || record.keyId !== this.keyId) return false;
    try {
      return verifyBytes(null, signedStatement(sha256, record.role, record.party, record.signedAt, record.consent), this.publicKey, Buffer.from(record.signature, 'base64'));
    } catch {
      return false;
    }
  }
}

/** AWS: an asymmetric KMS key (ECC_NIST_P256) signs each statement's SHA-256 digest with ECDSA_SHA_256. */
export class KmsSigner implements ESignature {
  private publicKey: Promise<{ keyId: string; key: KeyObject }> | undefined;

  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
    private readonly concurrency = 8,
  ) {}

  async sign(sha256: string, parties: readonly SigningParty[], at: Date, termsHash: string): Promise<SignatureRecord[]> {
    assertSignable(sha256, parties, termsHash);
    const signedAt = at.toISOString();
    const { SignCommand } = await import('@aws-sdk/client-kms');
    const records: SignatureRecord[] = new Array(parties.length);
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < parties.length; index = next++) {
        const { role, party, consent } = parties[index]!;
        const digest = createHash('sha256').update(signedStatement(sha256, role, party, signedAt, consent)).digest();
        const signed = await this.kms.send(new SignCommand({ KeyId: this.keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }));
        if (!signed.Signature || !signed.KeyId) throw new Error('KMS returned no signature');
        records[index] = { role, party, ...withConsent(consent), algorithm: 'ECDSA_SHA_256', keyId: signed.KeyId, signedAt, signature: Buffer.from(signed.Signature).toString('base64') };
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, parties.length) }, worker));
    return records;
  }

  async verify(sha256: string, record: SignatureRecord): Promise<boolean> {
    if (record.algorithm !== 'ECDSA_SHA_256') return false;
    const { keyId, key } = await this.verificationKey();
    if (record.keyId !== keyId) return false;
    try {
      return verifyBytes('sha256', signedStatement(sha256, record.role, record.party, record.signedAt, record.consent), { key, dsaEncoding: 'der' }, Buffer.from(record.signature, 'base64'));
    } catch {
      return false;
    }
  }

  private verificationKey(): Promise<{ keyId: string; key: KeyObject }> {
    this.publicKey ??= import('@aws-sdk/client-kms').then(({ GetPublicKeyCommand }) => this.kms.send(new GetPublicKeyCommand({ KeyId: this.keyId }))).then((response) => {
      if (!response.PublicKey || !response.KeyId) throw new Error('KMS returned no public key');
      return { keyId: response.KeyId, key: createPublicKey({ key: Buffer.from(response.PublicKey), format: 'der', type: 'spki' }) };
    });
    this.publicKey.catch(() => (this.publicKey = undefined));
    return this.publicKey;
  }
}

let configured: Promise<ESignature> | undefined;

/** The configured signer: KMS (E_SIGNATURE_KMS_KEY_ID) or the twin's local key (E_SIGNATURE_LOCAL_KEY_FILE). */
export function eSignature(): Promise<ESignature> {
  configured ??= (async (): Promise<ESignature> => {
    const key = config.eSignatureKey();
    if (key.kind === 'aws-kms') {
      const { KMSClient } = await import('@aws-sdk/client-kms');
      return new KmsSigner(new KMSClient({}), key.value);
    }
    return LocalSigner.fromPem(await readFile(key.value, 'utf8'));
  })();
  configured.catch(() => (configured = undefined));
  return configured;
}
