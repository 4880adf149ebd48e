import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Empty, Flex, Select, Space, Statistic, Typography } from 'antd';
import { FileExcelOutlined, FormOutlined } from '@ant-design/icons';
import { assessmentApi } from '../../api/assessment.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { useMe } from '../../auth/session.js';
import { useI18n } from '../../i18n/i18n.js';
import type { AssessmentRunGroup, AssessmentRunItem } from '../../../../src/shared/contracts/assessment.contract.js';
import { PERIOD_KINDS, PERIOD_KIND_LABELS, RUN_STATUS_LABELS, type PeriodKind } from '../../../../src/shared/assessment-enums.js';
import { AppealForm } from './AppealForm.js';
import { AppealList } from './AppealList.js';
import { CampaignSelect, usePeriodLabel, ListTag, RankMoveText, useCampaignChoice } from './assessUi.js';
import { fmtDeadline, GroupTable, RunHeader } from './ResultsPage.js';
import { ScoreBreakdown } from './ScoreBreakdown.js';

/**
 * 我的考核 (unit_head / unit_handler): the unit's published results per period with its own
 * explanation, its group's ranking, and 申诉: within the deadline the unit picks the lines
 * it disputes, gives its reason and attachments; its appeals show their status and HQ's answer.
 */
export default function MyAssessmentPage() {
  const { t, label } = useI18n();
  const pl = usePeriodLabel();
  const me = useMe();
  const canAppeal = me.permissions.includes('assessment.appeal');
  const { campaigns, campaignId, setCampaignId } = useCampaignChoice();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind') as PeriodKind | null;
  const kind: PeriodKind = kindParam && (PERIOD_KINDS as readonly string[]).includes(kindParam) ? kindParam : 'month';
  const set = (patch: Record<string, string | null>) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      for (const [k, v] of Object.entries(patch))
        if (v === null) next.delete(k);
        else next.set(k, v);
      return next;
    });
  const runs = useApi(campaignId ? () => assessmentApi.listRuns({ campaignId, periodKind: kind }) : null, [campaignId, kind]);
  // Units read published results only: drafts never reach them.
  const items = useMemo(() => (runs.data?.items ?? []).filter((r) => r.status !== 'draft'), [runs.data]);
  const runId = Number(params.get('run')) || null;
  const summary = items.find((r) => r.id === runId) ?? items.find((r) => r.status === 'published') ?? items[0];
  const run = useApi(summary ? () => assessmentApi.getRun(summary.id) : null, summary?.id);
  const shown = run.data && run.data.id === summary?.id ? run.data : undefined;
  // The unit's appeals of this period, whichever version they were made against (an accepted
  // one is answered by the corrected version).
  const allAppeals = useApi(campaignId ? () => assessmentApi.listAppeals({ campaignId }) : null, campaignId);
  const appeals = {
    ...allAppeals,
    data: (allAppeals.data?.items ?? []).filter((a) => a.period.kind === summary?.period.kind && a.period.key === summary.period.key),
  };
  const [appealing, setAppealing] = useState(false);

  // The unit's own line(s): the ones whose explanation the server sent.
  const mine = useMemo(() => {
    const out: { group: AssessmentRunGroup; item: AssessmentRunItem }[] = [];
    for (const g of shown?.groups ?? []) for (const i of g.items) if (i.explained) out.push({ group: g, item: i });
    return out;
  }, [shown]);
  const unitParam = Number(params.get('unit')) || null;
  const own = mine.find((m) => m.item.unitId === unitParam) ?? mine[0];
  const open = shown?.status === 'published' && shown.appealDeadline !== null && Date.now() < Date.parse(shown.appealDeadline);

  return (
    <div data-testid="page-assess-mine">
      <PageHeader
        title={t('assess.mine.title')}
        extra={
          <>
            <CampaignSelect campaigns={campaigns} value={campaignId} onChange={setCampaignId} />
            <Select<PeriodKind>
              value={kind}
              onChange={(k) => set({ kind: k, run: null })}
              style={{ width: 100 }}
              options={PERIOD_KINDS.map((k) => ({ value: k, label: label(PERIOD_KIND_LABELS[k]) }))}
              data-testid="mine-kind"
            />
            <Select<number>
              value={summary?.id}
              onChange={(id) => set({ run: String(id) })}
              style={{ width: 220 }}
              placeholder={t('assess.result.period')}
              data-testid="mine-run"
              options={items.map((r) => ({
                value: r.id,
                label: `${pl(r.period.key)} V${r.version}${r.status === 'superseded' ? t('common.paren', { x: label(RUN_STATUS_LABELS.superseded) }) : ''}`,
              }))}
            />
            {summary && (
              <Button icon={<FileExcelOutlined />} onClick={() => void assessmentApi.runXlsx(summary.id)}>
                {t('assess.result.excel')}
              </Button>
            )}
          </>
        }
      />
      {!summary ? (
        !runs.loading && <Empty description={t('assess.mine.none')} style={{ margin: '32px 0' }} />
      ) : (
        <RunHeader run={summary} onPick={(id) => set({ run: String(id) })} />
      )}
      {shown && mine.length > 1 && (
        <Select<number>
          value={own?.item.unitId}
          onChange={(id) => set({ unit: String(id) })}
          options={mine.map((m) => ({ value: m.item.unitId, label: m.item.unitName }))}
          style={{ width: 240, marginBottom: 12 }}
        />
      )}
      {shown && !own && <Alert type="info" showIcon message={t('assess.mine.notRanked')} />}
      {shown && own && (
        <Flex vertical gap={16}>
          <Card
            size="small"
            title={own.item.unitName}
            data-testid="mine-own"
            extra={
              canAppeal &&
              !appealing &&
              (open ? (
                <Button type="primary" icon={<FormOutlined />} onClick={() => setAppealing(true)} data-testid="appeal-start">
                  {t('assess.appeal.start')}
                </Button>
              ) : (
                shown.status === 'published' && <Typography.Text type="secondary">{t('assess.appeal.closed')}</Typography.Text>
              ))
            }
          >
            <Flex wrap gap={32} style={{ marginBottom: 12 }}>
              <Statistic
                title={t('assess.result.score')}
                value={own.item.score ?? '—'}
                precision={own.item.score === null ? undefined : 2}
              />
              <Statistic
                title={t('assess.mine.rankIn', { group: own.group.name })}
                value={own.item.rank ?? '—'}
                suffix={own.item.rank ? `/ ${own.group.items.filter((i) => i.rank !== null).length}` : undefined}
              />
              <div>
                <Typography.Text type="secondary">{t('assess.result.change')}</Typography.Text>
                <div style={{ fontSize: 20 }}>
                  <RankMoveText change={own.item.change} />
                </div>
              </div>
              {own.item.list && (
                <div>
                  <Typography.Text type="secondary">{t('assess.result.list')}</Typography.Text>
                  <div>
                    <ListTag list={own.item.list} />
                  </div>
                </div>
              )}
            </Flex>
            {open && shown.appealDeadline && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                message={t('assess.appeal.deadline', { at: fmtDeadline(shown.appealDeadline) })}
              />
            )}
            {appealing ? (
              <AppealForm
                run={shown}
                item={own.item}
                onCancel={() => setAppealing(false)}
                onDone={() => {
                  setAppealing(false);
                  appeals.reload();
                }}
              />
            ) : (
              <ScoreBreakdown score={own.item.score} parts={own.item.parts} />
            )}
          </Card>
          <Card size="small" title={t('assess.appeal.mine')}>
            <AppealList appeals={appeals.data} loading={appeals.loading} onOpenRun={(id) => set({ run: String(id) })} />
          </Card>
          <Card size="small" title={t('assess.mine.ranking', { group: own.group.name })}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <GroupTable group={own.group} rankedOnly highlight={(i) => i.unitId === own.item.unitId} />
            </Space>
          </Card>
        </Flex>
      )}
    </div>
  );
}
