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
import { AdminUsers } from './pages/AdminUsers';
import { PostLoan } from './pages/PostLoan';
import { Reconciliation } from './pages/Reconciliation';
import { Exports } from './pages/Exports';
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
      { path: 'admin/users', element: <RequireSignIn role="admin"><AdminUsers /></RequireSignIn> },
      { path: 'collections', element: <RequireSignIn role={['reviewer', 'auditor', 'admin']}><PostLoan /></RequireSignIn> },
      { path: 'reconciliation', element: <RequireSignIn role={['auditor', 'admin']}><Reconciliation /></RequireSignIn> },
      { path: 'exports', element: <RequireSignIn role={['auditor', 'admin']}><Exports /></RequireSignIn> },
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
