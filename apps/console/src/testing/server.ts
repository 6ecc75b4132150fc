import { setupServer } from 'msw/node';
import { handlers } from './handlers';
import { packetHandlers, shareHandlers } from './packets-handlers';

export const server = setupServer(...handlers, ...packetHandlers, ...shareHandlers);
