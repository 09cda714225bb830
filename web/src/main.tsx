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
import { Verification } from './pages/Verification';
import { MyLoans } from './pages/MyLoans';
import { LoanPage } from './pages/Loan';
import { RiskAssessment } from './pages/RiskAssessment';
import { Account } from './pages/Account';
import { MyBids } from './pages/MyBids';
import { Portfolio } from './pages/Portfolio';
import { AutoBidPlans } from './pages/AutoBidPlans';
import { Reviews } from './pages/Reviews';
import { Audit } from './pages/Audit';
import { StatsPage } from './pages/Stats';
import { Disclosures, DisclosureMonth } from './pages/Disclosures';
import { Notices } from './pages/Notices';
import { RequireSignIn } from './session';
import { twinSecret } from './twin';
import './styles.css';

// The developer panel's address carries the twin's secret in its fragment: kept for the tab before the first render.
twinSecret();

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <Marketplace /> },
      { path: 'listings/:listingId', element: <ListingPage /> },
      { path: 'calculator', element: <Calculator /> },
      { path: 'sign-in', element: <SignIn /> },
      { path: 'holdings', element: <RequireSignIn role="investor"><Holdings /></RequireSignIn> },
      { path: 'apply', element: <RequireSignIn role="borrower"><Apply /></RequireSignIn> },
      { path: 'verification', element: <RequireSignIn><Verification /></RequireSignIn> },
      { path: 'loans', element: <RequireSignIn role="borrower"><MyLoans /></RequireSignIn> },
      { path: 'loans/:loanId', element: <RequireSignIn><LoanPage /></RequireSignIn> },
      { path: 'risk-assessment', element: <RequireSignIn role="investor"><RiskAssessment /></RequireSignIn> },
      { path: 'account', element: <RequireSignIn><Account /></RequireSignIn> },
      { path: 'bids', element: <RequireSignIn role="investor"><MyBids /></RequireSignIn> },
      { path: 'portfolio', element: <RequireSignIn role="investor"><Portfolio /></RequireSignIn> },
      { path: 'auto-bid-plans', element: <RequireSignIn role="investor"><AutoBidPlans /></RequireSignIn> },
      { path: 'reviews', element: <RequireSignIn role="reviewer"><Reviews /></RequireSignIn> },
      { path: 'audit', element: <RequireSignIn><Audit /></RequireSignIn> },
      { path: 'developer', element: <Developer /> },
      { path: 'stats', element: <StatsPage /> },
      { path: 'disclosures', element: <Disclosures /> },
      { path: 'disclosures/:month', element: <DisclosureMonth /> },
      { path: 'notices', element: <RequireSignIn><Notices /></RequireSignIn> },
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
