import { Link } from 'react-router';
import { useI18n } from '../i18n';

export function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t.notFound}</h1>
      <Link to="/">{t.backToMarketplace}</Link>
    </>
  );
}
