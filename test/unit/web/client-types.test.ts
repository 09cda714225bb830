import { readFile } from 'node:fs/promises';
import { webClientFiles } from '../../../lib/web-client';

test('web/openapi.json and the client types in web/src/api are what the route manifest generates (run `npm run openapi`)', async () => {
  const files = await webClientFiles();
  expect(files).toHaveLength(2);
  for (const file of files) expect(await readFile(file.path, 'utf8')).toBe(file.text);
});
