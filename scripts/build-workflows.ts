/**
 * `npm run build:workflows`: builds the workflow bundle into its cache (node_modules/.cache/echeance/)
 * unless the cached one is still current, and prints its path. `npm start` and the tests do the
 * same by themselves; this is for an image build, so that the first start does not bundle.
 */
import { workflowBundle } from '../workflow-bundle.ts';

const bundle = await workflowBundle({ onBuild: (reason) => console.log(`building the workflow bundle: ${reason}`) });
console.log('codePath' in bundle ? bundle.codePath : 'the cache is not writable: the bundle is built at each start');
