import { Alert, Card, Descriptions, List } from 'antd';
import { UNIT_KIND_LABELS } from '../../../../src/shared/labels.js';
import type { Unit } from '../../api/units.js';
import { useMe } from '../../auth/session.js';
import { PageHeader } from '../../components/PageHeader.js';
import { WhoAmI } from '../../components/WhoAmI.js';
import { useI18n } from '../../i18n/i18n.js';
import { useUnits } from '../../components/unitsStore.js';

/** Project owner / work team (专班): the team and the units under it. */
export default function ProjectsHome() {
  const me = useMe();
  const { t, label } = useI18n();
  const { units, loading } = useUnits();
  const grant = me.roles.find((r) => r.role === 'project_owner');
  const teamId = grant?.unitId ?? me.user.unitId;
  const team = units.find((u) => u.id === teamId);
  const below: Unit[] = team ? units.filter((u) => u.parentId === team.id) : [];

  return (
    <div data-testid="home-projects">
      <PageHeader title={t('projects.title')} />
      <WhoAmI />
      <Alert type="info" showIcon message={t('projects.later')} style={{ marginBottom: 16 }} />
      <Card title={t('projects.team')} loading={loading} style={{ marginBottom: 16 }}>
        {team ? (
          <Descriptions column={{ xs: 1, md: 2 }} data-testid="projects-team">
            <Descriptions.Item label={t('unit.name')}>{team.name}</Descriptions.Item>
            <Descriptions.Item label={t('unit.kind')}>{label(UNIT_KIND_LABELS[team.kind], team.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('unit.code')}>{team.code}</Descriptions.Item>
            <Descriptions.Item label={t('unit.leader')}>{team.leaderName ?? '—'}</Descriptions.Item>
          </Descriptions>
        ) : (
          t('unitWork.noUnit')
        )}
      </Card>
      {below.length > 0 && (
        <Card title={t('projects.members')}>
          <List
            dataSource={below}
            renderItem={(u) => (
              <List.Item>
                {u.name} · {label(UNIT_KIND_LABELS[u.kind], u.kind)}
              </List.Item>
            )}
          />
        </Card>
      )}
    </div>
  );
}
