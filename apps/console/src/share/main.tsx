import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ShareI18nProvider } from './i18n';
import { ShareApp } from './share-app';
import { tokenFromPath } from './token';
import './share.css';

// The agency page, a bundle of its own: nothing of the staff console is loaded here.
const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from share.html');

createRoot(container).render(
  <StrictMode>
    <ShareI18nProvider>
      <ShareApp token={tokenFromPath(window.location.pathname)} />
    </ShareI18nProvider>
  </StrictMode>,
);
