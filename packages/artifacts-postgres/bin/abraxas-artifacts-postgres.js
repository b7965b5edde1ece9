#!/usr/bin/env node
// The `abraxas-artifacts-postgres` command: a committed entry so installing links it before anything
// is built; it runs the built program (dist/cli.js). Must not: hold any logic.
import '../dist/cli.js';
