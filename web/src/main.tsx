import { StrictMode, type ComponentProps, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { I18nProvider } from './i18n';
import { Layout } from './Layout';
import { Marketplace } from './pages/Marketplace';
import { RequireSignIn, SessionProvider } from './session';
import { twinSecret } from './twin';
import './styles.css';

// The developer panel's address carries the twin's secret in its fragment: kept for the tab before the first render.
twinSecret();

/** A route's props that load its page on first match: its own chunk, so the first load holds the shell and the marketplace only. */
type LoadPage = () => Promise<ComponentType>;
const page = (load: LoadPage) => ({ Component: load });
/** The same, for signed-in users (with `role`, if given); see RequireSignIn. */
const signedInPage = (load: LoadPage, role?: ComponentProps<typeof RequireSignIn>['role']) => ({
  element: async () => {
    const Page = await load();
    return (
      <RequireSignIn role={role}>
        <Page />
      </RequireSignIn>
    );
  },
});

// One line per route. Each page but the marketplace (the landing page) is code-split with React Router's `lazy` route property.
const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <Marketplace /> },
      { path: 'listings/:listingId', lazy: page(() => import('./pages/Listing').then((m) => m.ListingPage)) },
      { path: 'calculator', lazy: page(() => import('./pages/Calculator').then((m) => m.Calculator)) },
      { path: 'sign-in', lazy: page(() => import('./pages/SignIn').then((m) => m.SignIn)) },
      { path: 'holdings', lazy: signedInPage(() => import('./pages/Holdings').then((m) => m.Holdings), 'investor') },
      { path: 'apply', lazy: signedInPage(() => import('./pages/Apply').then((m) => m.Apply), 'borrower') },
      { path: 'verification', lazy: signedInPage(() => import('./pages/Verification').then((m) => m.Verification)) },
      { path: 'loans', lazy: signedInPage(() => import('./pages/MyLoans').then((m) => m.MyLoans), 'borrower') },
      { path: 'loans/:loanId', lazy: signedInPage(() => import('./pages/Loan').then((m) => m.LoanPage)) },
      { path: 'risk-assessment', lazy: signedInPage(() => import('./pages/RiskAssessment').then((m) => m.RiskAssessment), 'investor') },
      { path: 'account', lazy: signedInPage(() => import('./pages/Account').then((m) => m.Account)) },
      { path: 'bids', lazy: signedInPage(() => import('./pages/MyBids').then((m) => m.MyBids), 'investor') },
      { path: 'portfolio', lazy: signedInPage(() => import('./pages/Portfolio').then((m) => m.Portfolio), 'investor') },
      { path: 'auto-bid-plans', lazy: signedInPage(() => import('./pages/AutoBidPlans').then((m) => m.AutoBidPlans), 'investor') },
      { path: 'reviews', lazy: signedInPage(() => import('./pages/Reviews').then((m) => m.Reviews), 'reviewer') },
      { path: 'audit', lazy: signedInPage(() => import('./pages/Audit').then((m) => m.Audit)) },
      { path: 'admin/users', lazy: signedInPage(() => import('./pages/AdminUsers').then((m) => m.AdminUsers), 'admin') },
      { path: 'collections', lazy: signedInPage(() => import('./pages/PostLoan').then((m) => m.PostLoan), ['reviewer', 'auditor', 'admin']) },
      { path: 'reconciliation', lazy: signedInPage(() => import('./pages/Reconciliation').then((m) => m.Reconciliation), ['auditor', 'admin']) },
      { path: 'exports', lazy: signedInPage(() => import('./pages/Exports').then((m) => m.Exports), ['auditor', 'admin']) },
      { path: 'stats', lazy: page(() => import('./pages/Stats').then((m) => m.StatsPage)) },
      { path: 'disclosures', lazy: page(() => import('./pages/Disclosures').then((m) => m.Disclosures)) },
      { path: 'disclosures/:month', lazy: page(() => import('./pages/Disclosures').then((m) => m.DisclosureMonth)) },
      { path: 'notices', lazy: signedInPage(() => import('./pages/Notices').then((m) => m.Notices)) },
      { path: 'developer', lazy: page(() => import('./pages/Developer').then((m) => m.Developer)) },
      { path: '*', lazy: page(() => import('./pages/NotFound').then((m) => m.NotFound)) },
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
