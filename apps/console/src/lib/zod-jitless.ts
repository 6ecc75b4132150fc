import { config } from 'zod';

// The API's CSP has no 'unsafe-eval'. Zod probes `new Function` the first time it builds an object
// schema, to decide whether to compile fast parsers; the probe is caught, but the browser still
// reports it as a CSP violation. Jitless mode skips the probe. main.tsx imports this module first,
// so it runs before any module that builds a schema (the contracts do so at import time).
config({ jitless: true });
