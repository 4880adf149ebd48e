import { lazy, Suspense, useCallback, useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Card, Col, Descriptions, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import type { DeadlineOutcome } from '../../../../src/shared/case-enums.js';
import { OBSTACLE_KIND_LABELS } from '../../../../src/shared/project-enums.js';
import type { DeadlineView } from '../../../../src/shared/contracts/cases.contract.js';
import { casesApi } from '../../api/cases.js';
import { useMe } from '../../auth/session.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { useUnits } from '../../components/unitsStore.js';
import { CaseActions } from './actions/CaseActions.js';
import type { Act } from './actions/ActionDialog.js';
import { categoryTitle, DueTag, StateTag, STATE_COLORS, useCaseText, useCategories } from './caseUi.js';
import { CaseTimeline } from './CaseTimeline.js';
import { CaseSatisfaction } from './CaseSatisfaction.js';
import { cityBbox } from './map/geo.js';

const SvgMap = lazy(() => import('./map/SvgMap.js').then((m) => ({ default: m.SvgMap })));

const OUTCOME_COLORS: Record<DeadlineOutcome, string> = { met: 'green', missed: 'red', open: 'blue', superseded: 'default' };

/** The case page: header, actions this person may take now, the timeline and the deadlines. */
export default function CasePage() {
  const { id } = useParams();
  const me = useMe();
  const { t, label } = useI18n();
  const text = useCaseText();
  const { byCode } = useCategories();
  const caseId = Number(id);
  const valid = Number.isInteger(caseId) && caseId > 0;
  const c = useApi(valid ? () => casesApi.get(caseId) : null, caseId);
  const { units } = useUnits(me.permissions.includes('unit.read'));
  // Events carry their unit's name; this is the fallback for one renamed or gone since, never a bare id.
  const unitName = useCallback((uid: number) => units.find((u) => u.id === uid)?.name ?? t('case.unknownUnit'), [units, t]);
  const bbox = useMemo(() => cityBbox(), []);
  const d = c.data;

  if (!valid || (c.error && !d)) {
    return (
      <div data-testid="page-case">
        <Alert type="error" showIcon message={t('case.notFound')} />
      </div>
    );
  }
  if (!d) return <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />;

  const actions = d.allowedActions.filter((a): a is Act => a !== 'report');
  const deadlineCols = [
    { title: t('case.deadline'), key: 'deadline', render: (_: unknown, r: DeadlineView) => fmtTime(r.deadline) },
    { title: t('case.deadlineSetBy'), key: 'setBy', render: (_: unknown, r: DeadlineView) => text.action(r.setBy) },
    { title: t('case.deadlineSetAt'), key: 'setAt', render: (_: unknown, r: DeadlineView) => fmtTime(r.setAt) },
    {
      title: t('case.deadlineOutcome'),
      key: 'outcome',
      render: (_: unknown, r: DeadlineView) => (
        <Tag color={OUTCOME_COLORS[r.outcome]} data-testid="deadline-outcome" data-outcome={r.outcome}>
          {t(`case.outcome.${r.outcome}`)}
        </Tag>
      ),
    },
  ];

  return (
    <div data-testid="page-case" data-case-id={d.id} data-state={d.state} data-version={d.version}>
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="case-title-number">{d.number}</span>
            <StateTag state={d.state} />
            {d.overdue && (
              <Tag color="red" data-testid="case-overdue">
                {t('case.overdue')}
              </Tag>
            )}
            {d.pendingExtension && <Tag color="gold">{t('case.extensionPending')}</Tag>}
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small" data-testid="case-header">
              <Descriptions.Item label={t('case.unit')}>
                <span data-testid="case-unit">{d.assignedUnitName ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('case.deadline')}>
                <Space size={4} wrap>
                  <span data-testid="case-deadline">{d.deadline ? fmtTime(d.deadline) : '—'}</span>
                  <DueTag c={d} />
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('case.category')}>{categoryTitle(d.categoryCode, byCode)}</Descriptions.Item>
              <Descriptions.Item label={t('case.severity')}>{text.severity(d.severity)}</Descriptions.Item>
              <Descriptions.Item label={t('case.source')}>{text.source(d.source)}</Descriptions.Item>
              <Descriptions.Item label={t('case.reportedAt')}>{fmtTime(d.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('case.address')}>{d.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('case.location')}>
                {d.lon !== null && d.lat !== null ? `${d.lon.toFixed(5)}, ${d.lat.toFixed(5)}` : '—'}
              </Descriptions.Item>
              {d.reporterContact && <Descriptions.Item label={t('case.contact')}>{d.reporterContact}</Descriptions.Item>}
              {d.project && (
                <Descriptions.Item label={t('obstacle.caseProject')}>
                  <span data-testid="case-project">
                    {me.permissions.includes('project.read') ? (
                      <Link to={`/projects/${d.project.id}`}>{d.project.name}</Link>
                    ) : (
                      d.project.name
                    )}
                    {` · ${label(OBSTACLE_KIND_LABELS[d.project.kind])}`}
                  </span>
                </Descriptions.Item>
              )}
              {d.reopenCount > 0 && <Descriptions.Item label={t('case.reopenCount')}>{d.reopenCount}</Descriptions.Item>}
              {d.plusOneCount > 0 && (
                <Descriptions.Item label={t('sat.plusOnes')}>
                  <span data-testid="case-plus-ones">{t('sat.plusOnesCount', { count: d.plusOneCount })}</span>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('case.description')} span={2}>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{d.description}</Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
            {d.pendingExtension && (
              <Alert
                type="warning"
                showIcon
                style={{ marginTop: 12 }}
                message={t('case.extensionAsked', {
                  date: fmtTime(d.pendingExtension.requestedDeadline),
                  reason: d.pendingExtension.reason,
                })}
              />
            )}
          </Card>
          <CaseSatisfaction d={d} onDone={c.reload} />
          <Card title={t('case.actions')} style={{ marginBottom: 16 }} data-testid="case-actions">
            {actions.length ? (
              <CaseActions target={d} actions={actions} onDone={c.reload} size="middle" />
            ) : (
              <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
            )}
          </Card>
          <Card title={t('case.timeline')} style={{ marginBottom: 16 }}>
            <CaseTimeline events={d.events} unitName={unitName} byCode={byCode} />
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('case.deadlines')} style={{ marginBottom: 16 }}>
            <Table<DeadlineView>
              rowKey={(r) => `${r.setAt}-${r.deadline}`}
              size="small"
              pagination={false}
              dataSource={d.deadlines}
              columns={deadlineCols}
              scroll={{ x: true }}
              locale={{ emptyText: '—' }}
              data-testid="case-deadlines"
            />
          </Card>
          {d.lon !== null && d.lat !== null && (
            <Card title={t('case.mapOf')}>
              <Suspense fallback={<Spin />}>
                <SvgMap bbox={bbox} height={240} focus={[d.lon, d.lat]} data-testid="case-location-map">
                  {(p) => {
                    const [x, y] = p.project(d.lon!, d.lat!);
                    return <circle cx={x} cy={y} r={8} fill={STATE_COLORS[d.state].hex} stroke="#fff" strokeWidth={2} />;
                  }}
                </SvgMap>
              </Suspense>
            </Card>
          )}
        </Col>
      </Row>
    </div>
  );
}
