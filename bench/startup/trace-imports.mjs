// Preloaded with `node --import`: records every module URL the process loads into $TRACE_IMPORTS_FILE.
import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';

const out = process.env.TRACE_IMPORTS_FILE;
registerHooks({
  resolve(specifier, context, nextResolve) {
    const r = nextResolve(specifier, context);
    if (out) appendFileSync(out, `${r.url}\n`);
    return r;
  },
});
