import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Progress,
  Select,
  Space,
  Spin,
  Table,
  Tag,
} from 'antd';
import { ApiError } from '../../api/client.js';
import { projectInvestmentApi } from '../../api/project-investment.js';
import { useApi } from '../../components/useApi.js';
import { beijingToday, fmtTime } from '../../components/time.js';
import { useI18n } from '../../i18n/i18n.js';
import { useErrorText } from '../../components/useErrorText.js';
import type { ProjectInvestment, ProjectMonth } from '../../../../src/shared/contracts/project-investment.contract.js';
import {
  INVESTMENT_LIGHT_REASON_LABELS,
  INVESTMENT_STATUS_LABELS,
  REPORT_STANDING_LABELS,
  type ReportStandingValue,
} from '../../../../src/shared/project-enums.js';
import { InvestmentReportForm } from './InvestmentReportForm.js';
import { fmtInvestment, fmtRate, fmtWan } from './money.js';

const LIGHT_COLOR = { red: 'red', yellow: 'gold', green: 'green' } as const;
const STANDING_COLOR: Record<ReportStandingValue, string> = { open: 'blue', on_time: 'green', late: 'orange', missing: 'red' };

/** The office's form to set or change the year's plan (at the version read). */
function PlanForm({ inv, onSaved }: { inv: ProjectInvestment; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  async function save(v: { plan: number; note?: string }) {
    setBusy(true);
    try {
      await projectInvestmentApi.setPlan(inv.projectId, inv.year, {
        plan: v.plan,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        ...(inv.plan ? { version: inv.plan.version } : {}),
      });
      void message.success(t('invest.planSaved'));
      onSaved();
    } catch (e) {
      void message.error(e instanceof ApiError && e.status === 409 ? t('invest.planStale') : e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Form
      layout="inline"
      onFinish={(v: { plan: number; note?: string }) => void save(v)}
      initialValues={{ plan: inv.plan?.plan, note: inv.plan?.note ?? '' }}
      data-testid="plan-form"
    >
      <Form.Item name="plan" label={t('invest.planWan')} rules={[{ required: true, message: t('invest.required') }]}>
        <InputNumber min={0} max={100_000_000} precision={2} data-testid="plan-form-plan" />
      </Form.Item>
      <Form.Item name="note" label={t('invest.planNote')}>
        <Input maxLength={2000} />
      </Form.Item>
      <Button htmlType="submit" loading={busy} data-testid="plan-form-submit">
        {t('invest.setPlan')}
      </Button>
    </Form>
  );
}

/**
 * 投资进度 on a project's page: the year's light with its reason, 完成率 against 序时进度, each
 * month's report (versions, photos, letters about a lapse), late and missing months; the project
 * unit files a month here, the projects office sets the annual plan.
 */
export function InvestmentCard({ projectId }: { projectId: number }) {
  const { t, label } = useI18n();
  const errorText = useErrorText();
  const thisYear = Number(beijingToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const loaded = useApi(() => projectInvestmentApi.get(projectId, year), `${projectId}:${year}`);
  const [fresh, setFresh] = useState<ProjectInvestment | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const inv = fresh && fresh.year === year && fresh.projectId === projectId ? fresh : loaded.data;
  const reload = () => {
    setFresh(null);
    loaded.reload();
  };

  const title = (
    <Space>
      {t('invest.title')}
      <Select
        size="small"
        value={year}
        onChange={(y) => setYear(y)}
        options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))}
        data-testid="invest-year"
      />
    </Space>
  );
  if (!inv)
    return (
      <Card title={title} size="small" style={{ marginTop: 16 }}>
        {loaded.loading ? <Spin /> : <Alert type="error" message={loaded.error ? errorText(loaded.error) : ''} />}
      </Card>
    );
  const standing = (m: ProjectMonth) => (
    <Tag color={STANDING_COLOR[m.standing]} data-testid={`invest-standing-${m.year}-${m.month}`}>
      {label(REPORT_STANDING_LABELS[m.standing])}
    </Tag>
  );
  const monthCol = (m: ProjectMonth) => t('invest.monthOf', { year: m.year, month: m.month });
  return (
    <Card title={title} size="small" style={{ marginTop: 16 }} data-testid="invest-card">
      <Space style={{ marginBottom: 12 }} wrap>
        <Tag color={inv.light ? LIGHT_COLOR[inv.light] : 'default'} data-testid="invest-light">
          {inv.light ? label(INVESTMENT_STATUS_LABELS[inv.light]) : t('invest.light.none')}
        </Tag>
        <span data-testid="invest-reason">{label(INVESTMENT_LIGHT_REASON_LABELS[inv.reason])}</span>
      </Space>
      <Descriptions column={{ xs: 1, sm: 2 }} size="small">
        <Descriptions.Item label={t('invest.plan')}>{inv.plan ? fmtInvestment(inv.plan.plan, t) : t('invest.noPlan')}</Descriptions.Item>
        <Descriptions.Item label={t('invest.completedThisYear')}>
          <span data-testid="invest-completed">{fmtInvestment(inv.completedThisYear, t)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('invest.completedSinceStart')}>{fmtInvestment(inv.completedSinceStart, t)}</Descriptions.Item>
        <Descriptions.Item label={t('invest.rate')}>
          <span data-testid="invest-rate">{fmtRate(inv.completionRate)}</span>
        </Descriptions.Item>
      </Descriptions>
      <div style={{ margin: '8px 0' }}>
        {t('invest.rate')}
        <Progress percent={Math.min(100, Math.round((inv.completionRate ?? 0) * 1000) / 10)} size="small" />
        {t('invest.schedule')}
        {t('common.paren', { x: `${inv.elapsedDays}/${inv.daysInYear}` })}
        <Progress percent={Math.round(inv.scheduleShare * 1000) / 10} size="small" strokeColor="#999" />
      </div>
      <div style={{ color: '#888', marginBottom: 8 }}>{t('invest.dueDay', { day: inv.dueDay })}</div>
      {inv.lapses.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="invest-lapses"
          message={`${t('invest.lapses')}${t('common.colon')}${inv.lapses.map((m) => `${monthCol(m)} ${label(REPORT_STANDING_LABELS[m.standing])}`).join(t('common.listSep'))}`}
        />
      )}
      <Table<ProjectMonth>
        size="small"
        rowKey={(m) => `${m.year}-${m.month}`}
        pagination={false}
        dataSource={inv.months}
        locale={{ emptyText: '—' }}
        scroll={{ x: true }}
        data-testid="invest-months"
        expandable={{
          rowExpandable: (m) => m.versions.length > 0,
          expandedRowRender: (m) => (
            <div>
              {m.versions.map((v) => (
                <div key={v.id} style={{ marginBottom: 8 }}>
                  <b>{t('invest.versions', { v: v.version })}</b> · {v.submittedBy?.name ?? ''} · {fmtTime(v.submittedAt)}
                  {v.correctionReason ? ` · ${t('invest.correctionReason')}：${v.correctionReason}` : ''}
                  <div>
                    {t('invest.progress')}
                    {t('common.colon')}
                    {v.progress}
                  </div>
                  {v.problems && (
                    <div>
                      {t('invest.problems')}
                      {t('common.colon')}
                      {v.problems}
                    </div>
                  )}
                  <Space wrap>
                    {v.files.map((f) => (
                      <a key={f.id} href={projectInvestmentApi.photoUrl(inv.projectId, v.id, f.id)} target="_blank" rel="noreferrer">
                        <img
                          src={projectInvestmentApi.photoUrl(inv.projectId, v.id, f.id)}
                          alt={f.name ?? ''}
                          style={{ height: 64 }}
                          data-testid="invest-photo"
                        />
                      </a>
                    ))}
                  </Space>
                </div>
              ))}
            </div>
          ),
        }}
        columns={[
          { title: t('invest.month'), key: 'month', render: (_, m) => monthCol(m) },
          {
            title: t('invest.completed'),
            key: 'completed',
            align: 'right',
            render: (_, m) => (m.completed === null ? '—' : fmtWan(m.completed)),
          },
          { title: t('invest.cumYear'), key: 'cy', align: 'right', render: (_, m) => fmtWan(m.cumulativeThisYear) },
          { title: t('invest.cumStart'), key: 'cs', align: 'right', render: (_, m) => fmtWan(m.cumulativeSinceStart) },
          { title: t('invest.standing'), key: 'standing', render: (_, m) => standing(m) },
          {
            title: t('invest.letters'),
            key: 'letters',
            render: (_, m) =>
              m.letters.length ? m.letters.map((l) => `${l.type}${l.number ? ` ${l.number}` : ''}`).join(t('common.listSep')) : '—',
          },
        ]}
      />
      {inv.canPlan && (
        <div style={{ marginTop: 16 }}>
          <PlanForm inv={inv} onSaved={reload} />
        </div>
      )}
      {inv.canReport && (
        <div style={{ marginTop: 16 }}>
          {/* Every owed month filed: the form (another month or a correction) waits behind a button. */}
          {owesReport(inv) || correcting ? (
            <InvestmentReportForm inv={inv} onDone={setFresh} />
          ) : (
            <Button onClick={() => setCorrecting(true)} data-testid="invest-correct">
              {t('invest.openForm')}
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}

/** True when an owed month is unfiled, or nothing was ever filed: then the form is what the unit came for. */
function owesReport(inv: ProjectInvestment): boolean {
  return inv.lapses.length > 0 || inv.months.some((m) => m.owed && m.filedAt === null) || inv.months.every((m) => m.filedAt === null);
}
