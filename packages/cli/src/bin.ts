#!/usr/bin/env node
import { main } from './main.js';

// A reader that goes away early (`sead predict … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') process.stderr.write(`sead: error: cannot write output: ${error.message}\n`);
  process.exit(error.code === 'EPIPE' ? (process.exitCode ?? 0) : 1);
});

process.exitCode = await main(process.argv.slice(2));
