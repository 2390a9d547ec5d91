#!/usr/bin/env node
// Entry point: runs the compiled CLI (built by `npm ci` / `npm install` through the `prepare` script).
import { main } from "../lib/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`secpack: internal error: ${err && err.stack ? err.stack : err}\nThis is a bug in secpack; please report it.\n`);
    process.exitCode = 2;
  },
);
