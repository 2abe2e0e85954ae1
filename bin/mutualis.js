#!/usr/bin/env node
// The mutualis command: TypeScript sources run through tsx (docs/decisions/0003).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
