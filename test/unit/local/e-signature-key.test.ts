/** The twin's e-signature key: made once per data folder and kept across restarts; a temporary one removed at stop. */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalSigner } from '../../../functions/adapters/documents/e-signature';
import { localSigningKey } from '../../../lib/local/e-signature-key';

test('a data folder keeps one key across restarts, so earlier signatures still verify', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'twin-data-'));
  try {
    const first = await localSigningKey(dataDir);
    const file = first.environment.E_SIGNATURE_LOCAL_KEY_FILE!;
    expect(file).toBe(join(dataDir, 'e-signature', 'signing-key.pem'));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const signer = LocalSigner.fromPem(await readFile(file, 'utf8'));
    const [record] = await signer.sign('a'.repeat(64), [{ role: 'platform', party: 'P' }], new Date('2026-11-25T00:00:00Z'), 'b'.repeat(64));
    await first.remove();
    const again = await localSigningKey(dataDir);
    const restarted = LocalSigner.fromPem(await readFile(again.environment.E_SIGNATURE_LOCAL_KEY_FILE!, 'utf8'));
    expect(restarted.keyId).toBe(signer.keyId);
    expect(await restarted.verify('a'.repeat(64), record!)).toBe(true);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('in memory: a fresh key in a temporary folder, removed at stop', async () => {
  const key = await localSigningKey(undefined);
  const file = key.environment.E_SIGNATURE_LOCAL_KEY_FILE!;
  expect(LocalSigner.fromPem(await readFile(file, 'utf8')).keyId).toMatch(/^local-ed25519:[0-9a-f]{32}$/);
  await key.remove();
  await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
});
