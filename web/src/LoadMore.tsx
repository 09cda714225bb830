/** "Load more" for a paged list: shown while the API gave a next cursor, reading the page after it. */
import { useI18n } from './i18n';

export function LoadMore({ cursor, load }: { cursor: string | undefined; load: (cursor: string) => Promise<void> }) {
  const { t } = useI18n();
  if (!cursor) return null;
  return (
    <button type="button" onClick={() => void load(cursor)}>
      {t.loadMore}
    </button>
  );
}
