#!/usr/bin/env node
// Launcher: loads the TypeScript sources through tsx, then runs the CLI.
// Forms: `temporal-dev-server <port> [--enable-time-skipping]`
//        `temporal-dev-server server start-dev --port <p> [--namespace N] [--ip A] [--search-attribute K=Type]...`
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main(process.argv.slice(2));
