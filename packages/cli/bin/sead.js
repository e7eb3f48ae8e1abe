#!/usr/bin/env node
// The sead command: a stable file for npm to link at install time, before dist/ is built.
import '../dist/bin.js';
