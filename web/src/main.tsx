import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { I18nProvider } from './i18n';
import { SessionProvider } from './session';
import { Layout } from './Layout';
import { Marketplace } from './pages/Marketplace';
import { ListingPage } from './pages/Listing';
import { Calculator } from './pages/Calculator';
import { SignIn } from './pages/SignIn';
import { Holdings } from './pages/Holdings';
import { Apply } from './pages/Apply';
import { NotFound } from './pages/NotFound';
import { Developer } from './pages/Developer';
import { RequireSignIn } from './session';
import { twinSecret } from './twin';
import './styles.css';

// The developer panel's address carries the twin's secret in its fragment: kept for the tab before the first render.
twinSecret();

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <RequireSignIn><Marketplace /></RequireSignIn> },
      { path: 'listings/:listingId', element: <RequireSignIn><ListingPage /></RequireSignIn> },
      { path: 'calculator', element: <Calculator /> },
      { path: 'sign-in', element: <SignIn /> },
      { path: 'holdings', element: <RequireSignIn role="investor"><Holdings /></RequireSignIn> },
      { path: 'apply', element: <RequireSignIn role="borrower"><Apply /></RequireSignIn> },
      { path: 'developer', element: <Developer /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
