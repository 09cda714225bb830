/**
 * Who is signed in: the tokens from POST /v1/auth/login (kept for this tab only, in
 * sessionStorage) and the profile from GET /v1/me. An expired token sends the user to
 * sign in and back to where they were.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { api, authorize, type Schemas } from './api/client';
import { useI18n } from './i18n';

type Profile = Schemas['Profile'];
type Role = Profile['roles'][number];

interface Session {
  readonly token: string | undefined;
  readonly profile: Profile | undefined;
  signIn(token: string): void;
  signOut(): void;
  /** Reads the profile again (after a change to it, such as a verification). */
  reload(): void;
}

const SessionContext = createContext<Session>({ token: undefined, profile: undefined, signIn: () => {}, signOut: () => {}, reload: () => {} });
const storageKey = 'accessToken';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | undefined>(() => sessionStorage.getItem(storageKey) ?? undefined);
  const [profile, setProfile] = useState<Profile>();
  const signOut = useCallback(() => {
    sessionStorage.removeItem(storageKey);
    setToken(undefined);
    setProfile(undefined);
  }, []);
  const signIn = useCallback((next: string) => {
    sessionStorage.setItem(storageKey, next);
    setToken(next);
  }, []);
  authorize(token, signOut);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((previous) => previous + 1), []);
  useEffect(() => {
    if (!token) return;
    let current = true;
    void api.GET('/v1/me').then(({ data }) => current && data && setProfile(data));
    return () => {
      current = false;
    };
  }, [token, generation]);
  return <SessionContext.Provider value={{ token, profile, signIn, signOut, reload }}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);

/** A page for signed-in users (with `role`, or one of the roles, if given): anyone else goes to sign in, then back here. */
export function RequireSignIn({ role, children }: { role?: Role | readonly Role[]; children: ReactNode }) {
  const { token, profile } = useSession();
  const location = useLocation();
  const { t } = useI18n();
  if (!token) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  const allowed: readonly Role[] = role === undefined ? [] : typeof role === 'string' ? [role] : role;
  if (allowed.length > 0 && profile && !allowed.some((one) => profile.roles.includes(one))) {
    return (
      <p role="alert">
        {t.notYourRole} {allowed.join(', ')}
      </p>
    );
  }
  return children;
}
