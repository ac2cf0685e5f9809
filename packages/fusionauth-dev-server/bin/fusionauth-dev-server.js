#!/usr/bin/env node
// The package ships its TypeScript source: tsx (one of its dependencies) compiles each module as it loads.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
