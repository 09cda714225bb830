import { NavLink, Outlet, useNavigate } from 'react-router';
import { useI18n, type Messages } from './i18n';
import { useSession } from './session';
import { hasTwinSecret } from './twin';
import { NoticesLink } from './unread';
import type { Schemas } from './api/client';

type Role = Schemas['Profile']['roles'][number];

const investorPages: ReadonlyArray<readonly [string, (t: Messages) => string]> = [
  ['/holdings', (t) => t.holdings],
  ['/bids', (t) => t.bids.title],
  ['/portfolio', (t) => t.portfolio.title],
  ['/auto-bid-plans', (t) => t.plans.title],
  ['/risk-assessment', (t) => t.risk.title],
];

/** Staff pages, each for the roles its routes allow (functions/api/routes/). */
const staffPages: ReadonlyArray<readonly [string, readonly Role[], (t: Messages) => string]> = [
  ['/admin/users', ['admin'], (t) => t.staff.usersNav],
  ['/collections', ['reviewer', 'auditor', 'admin'], (t) => t.staff.postLoanNav],
  ['/reconciliation', ['auditor', 'admin'], (t) => t.staff.reconciliationNav],
  ['/exports', ['auditor', 'admin'], (t) => t.staff.exportsNav],
];

export function Layout() {
  const { t, language, setLanguage } = useI18n();
  const { token, profile, signOut } = useSession();
  const navigate = useNavigate();
  const roles = profile?.roles ?? [];
  return (
    <>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="site-header">
        <NavLink to="/" className="brand">
          {t.siteName}
        </NavLink>
        <nav aria-label={t.nav}>
          <ul>
            <li>
              <NavLink to="/">{t.marketplace}</NavLink>
            </li>
            <li>
              <NavLink to="/calculator">{t.calculator}</NavLink>
            </li>
            <li>
              <NavLink to="/stats">{t.stats.nav}</NavLink>
            </li>
            <li>
              <NavLink to="/disclosures">{t.disclosures.nav}</NavLink>
            </li>
            <NoticesLink />
            {roles.includes('investor')
              ? investorPages.map(([path, label]) => (
                  <li key={path}>
                    <NavLink to={path}>{label(t)}</NavLink>
                  </li>
                ))
              : null}
            {roles.includes('investor') || roles.includes('borrower') ? (
              <li>
                <NavLink to="/account">{t.account.title}</NavLink>
              </li>
            ) : null}
            {roles.includes('borrower') ? (
              <>
                <li>
                  <NavLink to="/apply">{t.apply}</NavLink>
                </li>
                <li>
                  <NavLink to="/loans">{t.myLoans}</NavLink>
                </li>
              </>
            ) : null}
            {(roles.includes('borrower') || roles.includes('investor')) && profile?.verification?.status !== 'VERIFIED' ? (
              <li>
                <NavLink to="/verification">{t.verification}</NavLink>
              </li>
            ) : null}
            {roles.includes('reviewer') ? (
              <li>
                <NavLink to="/reviews">{t.review.nav}</NavLink>
              </li>
            ) : null}
            {roles.includes('auditor') || roles.includes('admin') ? (
              <li>
                <NavLink to="/audit">{t.audit.title}</NavLink>
              </li>
            ) : null}
            {staffPages.filter(([, allowed]) => allowed.some((role) => roles.includes(role))).map(([path, , label]) => (
              <li key={path}>
                <NavLink to={path}>{label(t)}</NavLink>
              </li>
            ))}
            {hasTwinSecret() ? (
              <li>
                <NavLink to="/developer">{t.dev.nav}</NavLink>
              </li>
            ) : null}
            <li>
              {token ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    signOut();
                    void navigate('/sign-in');
                  }}
                >
                  {t.signOut}
                  {profile ? ` (${profile.username})` : ''}
                </button>
              ) : (
                <NavLink to="/sign-in">{t.signIn}</NavLink>
              )}
            </li>
            <li>
              <button type="button" className="link-button" lang={language === 'en' ? 'zh-CN' : 'en'} aria-label={t.switchLanguageLabel} onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}>
                {t.switchLanguage}
              </button>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
