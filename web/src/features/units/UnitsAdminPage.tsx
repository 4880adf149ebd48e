import { useMe } from '../../auth/session.js';
import { useI18n } from '../../i18n/i18n.js';
import { UnitsPage } from './UnitsPage.js';

/** /admin/units — the sysadmin's home. */
export default function UnitsAdminPage() {
  const me = useMe();
  const { t } = useI18n();
  return <UnitsPage editable={me.permissions.includes('unit.write')} testId="home-admin-units" title={t('nav.adminUnits')} />;
}
