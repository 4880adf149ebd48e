import { useI18n } from '../../i18n/i18n.js';
import { UnitsPage } from './UnitsPage.js';

/** /units — read-only directory for roles that may read but not change units. */
export default function UnitsDirectoryPage() {
  const { t } = useI18n();
  return <UnitsPage editable={false} testId="page-units" title={t('nav.units')} />;
}
