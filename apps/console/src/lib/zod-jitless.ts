// The API's CSP has no 'unsafe-eval'. Zod probes `new Function` the first time it builds an object
// schema, to decide whether to compile fast parsers; the probe is caught, but the browser still
// reports it as a CSP violation. Jitless mode skips the probe. main.tsx imports this module first,
// so it runs before any module that builds a schema (the contracts do so at import time).
// Zod keeps its settings on this global and adopts an object already there; setting it directly,
// rather than through zod's `config()`, keeps zod out of the first chunk the login page loads.
const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
holder.__zod_globalConfig = { ...holder.__zod_globalConfig, jitless: true };

export {};
