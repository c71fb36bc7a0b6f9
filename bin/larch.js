#!/usr/bin/env node
// The `larch` command (compiled entry in dist/).
import '../dist/src/cli/main.js';
