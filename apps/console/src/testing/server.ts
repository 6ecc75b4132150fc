import { setupServer } from 'msw/node';
import { accountAdminHandlers } from './account-admin';
import { handlers } from './handlers';

export const server = setupServer(...handlers, ...accountAdminHandlers);
