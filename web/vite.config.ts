/** The site's build: `npm run build:web`, and `npm start` when web/ is newer than web/dist (lib/local/site.ts). */
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      // React Router marks its modules "use client" for server components; a client-only bundle ignores it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // The twin's gateway and the API are the same origin as the site: no proxy, no CORS.
  server: { port: 5173 },
});
