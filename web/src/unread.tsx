/**
 * The signed-in user's unread notices in the navigation: read from the inbox (GET
 * /v1/me/notifications, its unreadCount) on each page change, and told at once by the
 * notices page when one is marked read.
 */
import { useEffect, useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import { api } from './api/client';
import { useI18n } from './i18n';
import { useSession } from './session';

const listeners = new Set<(count: number) => void>();

/** The notices page tells the navigation the unread count after a change. */
export function announceUnread(count: number): void {
  for (const listener of listeners) listener(count);
}

export function NoticesLink() {
  const { token } = useSession();
  const { t } = useI18n();
  const { pathname } = useLocation();
  const [count, setCount] = useState<number>();
  useEffect(() => {
    listeners.add(setCount);
    return () => {
      listeners.delete(setCount);
    };
  }, []);
  useEffect(() => {
    if (!token) return;
    let current = true;
    void api.GET('/v1/me/notifications', { params: { query: { limit: '1' } } }).then(({ data }) => current && data && setCount(data.unreadCount));
    return () => {
      current = false;
    };
  }, [token, pathname]);
  if (!token) return null;
  return (
    <li>
      <NavLink to="/notices">
        {t.notices.nav}
        {count ? (
          <>
            {' '}
            <span className="badge" data-testid="unread-count">
              {count}
            </span>
            <span className="visually-hidden">{t.notices.unread}</span>
          </>
        ) : null}
      </NavLink>
    </li>
  );
}
