import { Alert, Card } from 'antd';
import { PageHeader } from '../../components/PageHeader.js';
import { WhoAmI } from '../../components/WhoAmI.js';
import { useI18n } from '../../i18n/i18n.js';

export default function CitizenHome() {
  const { t } = useI18n();
  return (
    <div data-testid="home-citizen" style={{ maxWidth: 720 }}>
      <PageHeader title={t('citizen.title')} />
      <WhoAmI />
      <Card>
        <Alert type="info" showIcon message={t('citizen.later')} />
      </Card>
    </div>
  );
}
