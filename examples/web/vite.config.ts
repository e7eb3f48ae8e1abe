import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: the build runs from any folder a static server puts it in.
  base: './',
  build: {
    outDir: 'dist',
    // tfjs with its webgl and cpu backends is one large chunk by nature; nothing to split further.
    chunkSizeWarningLimit: 2000,
  },
  resolve: {
    alias: { 'node:fs/promises': fileURLToPath(new URL('./src/no-file-system.ts', import.meta.url)) },
  },
  // The worker imports the cpu backend on demand (a code-split chunk), which needs module workers.
  worker: { format: 'es' },
});
