import type { Db } from '@kura/db';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { ObjectStore } from './repositories/object-store.ts';
import type { KeyRingFile } from './repositories/keyring-file.ts';
import type { ServiceTokens } from './lib/service-tokens.ts';

/** Everything a request, job or CLI command needs; built once per process. */
export interface AppContext {
  config: Config;
  db: Db;
  store: ObjectStore;
  keys: KeyRingFile;
  logger: Logger;
  serviceTokens: ServiceTokens;
  /** Injected so tests can move time (grant and session expiry) without sleeping. */
  now: () => Date;
}
