#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so `npx scomm` never needs a build step and is never stale.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
