// SvelteKit configuration of the Temporal UI build: a static single-page app (every route is
// rendered in the browser; unknown paths fall back to index.html), written where the server's
// build step asks (TEMPORAL_UI_OUT_DIR).
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

const out = process.env.TEMPORAL_UI_OUT_DIR ?? 'build';

/** @type {import('@sveltejs/kit').Config} */
export default {
  // The package's components and our route files use TypeScript in <script lang="ts">.
  preprocess: [vitePreprocess({ script: true })],
  kit: {
    adapter: adapter({ pages: out, assets: out, fallback: 'index.html', strict: false }),
    prerender: { entries: [] },
    outDir: process.env.TEMPORAL_UI_KIT_DIR ?? '.svelte-kit',
  },
};
