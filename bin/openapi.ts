/** npm run openapi: writes web/openapi.json and the website's client types from the route manifest (lib/web-client.ts). */
import { writeFile } from 'node:fs/promises';
import { webClientFiles } from '../lib/web-client';

for (const file of await webClientFiles()) {
  await writeFile(file.path, file.text);
  console.log(`wrote ${file.path}`);
}
