// @hono/zod-openapi adds `.openapi()` to zod schemas created after it loads, not before. Load it
// first in every test file, as main.ts does, so domain schemas imported before the app can still
// be described in the OpenAPI document.
import '@hono/zod-openapi';
