#!/usr/bin/env node
// The `larch` command (compiled entry in dist/): `larch serve` runs the wire server, the rest the CLI.
import { argv } from 'node:process';

if (argv[2] === 'serve') await import('../dist/server/main.js');
else await import('../dist/src/cli/main.js');
