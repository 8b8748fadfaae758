// Tailwind 3 with the @temporalio/ui theme plugin; it must scan the package's components, whose
// class names are only in its dist/ files. npm installs the package at the repository root
// (this folder is a workspace of the root package).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import defaultTheme from 'tailwindcss/defaultTheme.js';

import temporal, { textStyles } from '../../node_modules/@temporalio/ui/dist/theme/plugin.js';

const here = dirname(fileURLToPath(import.meta.url));
const uiPackage = join(here, '../../node_modules/@temporalio/ui');

/** @type {import('tailwindcss').Config} */
export default {
  content: [join(here, 'src/**/*.{html,js,svelte,ts}'), join(uiPackage, 'dist/**/*.{js,svelte}')],
  darkMode: ['selector', '[data-theme="dark"]'],
  theme: {
    fontFamily: {
      sans: ['Inter', ...defaultTheme.fontFamily.sans],
      mono: ['Noto Sans Mono', ...defaultTheme.fontFamily.mono],
    },
  },
  plugins: [temporal, textStyles],
};
