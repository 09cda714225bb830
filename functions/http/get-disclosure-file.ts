/** GET /v1/disclosures/{month}/files/{name}: one file of a month's export, its bytes as stored (auditors, admins). */
import { storedFile } from '../application/disclosure';
import { disclosure } from '../composition/disclosure';
import { getDisclosureFileRoute } from '../api/routes/disclosures';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getDisclosureFileRoute, async (request) => {
  const month = request.params.month as string;
  const name = request.params.name as string;
  const file = await storedFile(disclosure, month, name);
  return {
    status: 200,
    body: file.bytes,
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="disclosure-${month}-${name}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      etag: `"${file.sha256}"`,
    },
  };
});
