#!/usr/bin/env node
// The `vigil` command. `vigil start` first sets up the main thread's heap (bin/heap.ts), which means
// restarting the process, so that happens before the command line's modules load.
import { configureMainHeap } from './heap.ts';

if (process.argv[2] === 'start') configureMainHeap();
await import('./cli.ts');
