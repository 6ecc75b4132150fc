import { setupServer } from 'msw/node';
import { handlers } from './handlers';
import { reviewHandlers } from './review-handlers';

export const server = setupServer(...handlers, ...reviewHandlers);
