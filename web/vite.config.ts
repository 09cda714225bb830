/** The site's build: `npm run build:web`, and `npm start` when web/ is newer than web/dist (lib/local/site.ts). */
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
  // The twin's gateway and the API are the same origin as the site: no proxy, no CORS.
  server: { port: 5173 },
});
