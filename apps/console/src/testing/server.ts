import { setupServer } from 'msw/node';
import { accountAdminHandlers } from './account-admin';
import { handlers } from './handlers';
import { reviewHandlers } from './review-handlers';
import { packetHandlers, shareHandlers } from './packets-handlers';
import { rightsHandlers } from './rights';

export const server = setupServer(
  ...handlers,
  ...accountAdminHandlers,
  ...reviewHandlers,
  ...packetHandlers,
  ...shareHandlers,
  ...rightsHandlers,
);
