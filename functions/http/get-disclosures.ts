/** GET /v1/disclosures: the months exported, newest first, with their manifests (auditors, admins). */
import { listMonthExports } from '../application/disclosure';
import { disclosureIndex } from '../composition/disclosure';
import { getDisclosuresRoute } from '../api/routes/disclosures';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getDisclosuresRoute, async () => {
  const entries = await listMonthExports(disclosureIndex);
  return {
    status: 200,
    body: { disclosures: entries.map((entry) => ({ month: entry.month, manifestSha256: entry.manifestSha256, indexedAt: entry.indexedAt, manifest: entry.manifest, url: `/v1/disclosures/${entry.month}` })) },
    headers: { 'cache-control': 'private, no-store' },
  };
});
