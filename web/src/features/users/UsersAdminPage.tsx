import { useI18n } from '../../i18n/i18n.js';
import { UsersTable } from './UsersTable.js';

/** /admin/users — accounts, for the system administrator. */
export default function UsersAdminPage() {
  const { t } = useI18n();
  return <UsersTable mode="admin" testId="page-admin-users" title={t('nav.adminUsers')} />;
}
