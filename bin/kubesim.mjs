#!/usr/bin/env node
// The kubesim command (built into dist/ by `npm run build`).
import { cli } from '../dist/cli/main.js';

cli(process.argv.slice(2));
