#!/usr/bin/env node
// The mutualis command: TypeScript sources run through tsx (docs/decisions/0003).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exit(await main(process.argv));
