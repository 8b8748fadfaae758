import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  logLevel: 'warn',
  build: { chunkSizeWarningLimit: 10_000, reportCompressedSize: false },
});
