#!/usr/bin/env node
// pysbom command-line entry point (the compiled CLI lives in dist/, built by `npm ci` / `npm run build`).
import { main } from "../dist/cli/run.js";

await main();
