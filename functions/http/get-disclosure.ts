/**
 * GET /v1/disclosures/{month}: the month's manifest, each file with its URL
 * (/v1/disclosures/{month}/files/{name}, served by the API on AWS and the twin alike,
 * with the caller's token), and whether every stored file still matches the manifest.
 */
import { alteredFiles, indexedExport } from '../application/disclosure';
import { disclosure } from '../composition/disclosure';
import { fileUrl } from '../api/schemas/disclosures';
import { getDisclosureRoute } from '../api/routes/disclosures';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getDisclosureRoute, async (request) => {
  const month = request.params.month as string;
  const entry = await indexedExport(disclosure, month);
  const altered = new Set(await alteredFiles(disclosure, month, entry));
  return {
    status: 200,
    body: {
      month,
      manifestSha256: entry.manifestSha256,
      indexedAt: entry.indexedAt,
      manifest: entry.manifest,
      intact: altered.size === 0,
      files: [
        ...entry.manifest.files.map((file) => ({ ...file, intact: !altered.has(file.name), url: fileUrl(month, file.name) })),
        { name: 'manifest.json', contentType: 'application/json', sha256: entry.manifestSha256, bytes: entry.manifestBytes, intact: !altered.has('manifest.json'), url: fileUrl(month, 'manifest.json') },
      ],
    },
    headers: { 'cache-control': 'private, no-store' },
  };
});
