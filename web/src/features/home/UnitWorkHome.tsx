import { Alert, Card, Descriptions, Table, Tag } from 'antd';
import { ROLE_LABELS, UNIT_KIND_LABELS } from '../../../../src/shared/labels.js';
import type { Page, Unit, User } from '../../api/types.js';
import { useMe } from '../../auth/session.js';
import { PageHeader } from '../../components/PageHeader.js';
import { WhoAmI } from '../../components/WhoAmI.js';
import { useApi } from '../../components/useApi.js';
import { useI18n } from '../../i18n/i18n.js';

/** A responsible unit's desk: which unit, who leads it, who works in it. */
export default function UnitWorkHome() {
  const me = useMe();
  const { t, label } = useI18n();
  const grant = me.roles.find((r) => r.role === 'unit_head' || r.role === 'unit_handler');
  const unitId = grant?.unitId ?? me.user.unitId;
  const canSeePeople = me.permissions.includes('user.read');
  const unit = useApi<Unit>(unitId ? `/api/units/${unitId}` : null);
  const people = useApi<Page<User>>(unitId && canSeePeople ? '/api/users' : null, { unitId, pageSize: 100 });

  return (
    <div data-testid="home-unit-work">
      <PageHeader title={t('unitWork.title')} />
      <WhoAmI />
      <Alert type="info" showIcon message={t('unitWork.casesLater')} style={{ marginBottom: 16 }} />
      <Card title={t('unitWork.myUnit')} loading={unit.loading} style={{ marginBottom: 16 }}>
        {unit.data ? (
          <Descriptions column={{ xs: 1, md: 2 }} data-testid="unit-work-unit">
            <Descriptions.Item label={t('unit.name')}>{unit.data.name}</Descriptions.Item>
            <Descriptions.Item label={t('unit.code')}>{unit.data.code}</Descriptions.Item>
            <Descriptions.Item label={t('unit.kind')}>{label(UNIT_KIND_LABELS[unit.data.kind], unit.data.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('unit.leader')}>{unit.data.leaderName ?? '—'}</Descriptions.Item>
          </Descriptions>
        ) : (
          !unit.loading && t('unitWork.noUnit')
        )}
      </Card>
      <Card title={t('unitWork.people')}>
        {canSeePeople ? (
          <Table<User>
            rowKey="id"
            size="small"
            loading={people.loading}
            dataSource={people.data?.items ?? []}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { title: t('user.displayName'), dataIndex: 'displayName' },
              { title: t('user.username'), dataIndex: 'username' },
              { title: t('user.phone'), dataIndex: 'phone' },
              {
                title: t('user.roles'),
                key: 'roles',
                render: (_, u) =>
                  u.roles.map((r) => (
                    <Tag key={`${r.role}-${r.unitId}`}>{label(ROLE_LABELS[r.role], r.role)}</Tag>
                  )),
              },
            ]}
          />
        ) : (
          <Alert type="warning" showIcon message={t('unitWork.peopleNoPermission')} />
        )}
      </Card>
    </div>
  );
}
