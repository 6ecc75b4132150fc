import { setupServer } from 'msw/node';
import { accountAdminHandlers } from './account-admin';
import { handlers } from './handlers';
import { reviewHandlers } from './review-handlers';

export const server = setupServer(...handlers, ...accountAdminHandlers, ...reviewHandlers);
