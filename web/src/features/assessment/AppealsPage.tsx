import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { App as AntApp, Button, Flex, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { assessmentApi } from '../../api/assessment.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { useMe } from '../../auth/session.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import type { AssessmentAppeal } from '../../../../src/shared/contracts/assessment-appeals.contract.js';
import { APPEAL_STATUSES, APPEAL_STATUS_LABELS, type AppealStatus } from '../../../../src/shared/assessment-enums.js';
import { APPEAL_COLORS, AppealFiles } from './AppealList.js';
import { CampaignSelect, usePeriodLabel, useCampaignChoice } from './assessUi.js';

type Decision = { appeal: AssessmentAppeal; accept: boolean };

/**
 * 申诉处理 (HQ): the units' appeals of a campaign, pending first. Accepting records an
 * approved adjustment of the points HQ enters (with its note) and publishes a corrected
 * version of the period's results, the first kept; rejecting needs a reason. Both sides
 * are notified by the server.
 */
export default function AppealsPage() {
  const { t, label } = useI18n();
  const pl = usePeriodLabel();
  const { message } = AntApp.useApp();
  const me = useMe();
  const canDecide = me.permissions.includes('assessment.manage');
  const { campaigns, campaignId, setCampaignId } = useCampaignChoice();
  const [status, setStatus] = useState<AppealStatus | ''>('pending');
  const list = useApi(campaignId ? () => assessmentApi.listAppeals({ campaignId, status: status || undefined }) : null, [
    campaignId,
    status,
  ]);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [form] = Form.useForm<{ points?: number; reason: string }>();

  // While a decision is on its way the OK button waits: a second click (a double click comes
  // before React has re-rendered, hence the ref) would send it twice.
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);

  async function decide() {
    if (!deciding || sending.current) return;
    sending.current = true;
    setBusy(true);
    try {
      const v = await form.validateFields().catch(() => null);
      if (!v) return; // the form shows which field is missing
      const a = deciding.accept
        ? await assessmentApi.acceptAppeal(deciding.appeal.id, { points: v.points ?? 0, reason: v.reason.trim() })
        : await assessmentApi.rejectAppeal(deciding.appeal.id, { reason: v.reason.trim() });
      setDeciding(null);
      form.resetFields();
      list.reload();
      void message.success(a.status === 'accepted' ? t('assess.appeal.acceptedMsg') : t('assess.appeal.rejectedMsg'));
    } catch {
      // toasted by the client (the server names the field or the conflict)
    } finally {
      sending.current = false;
      setBusy(false);
    }
  }

  const resultsLink = (a: AssessmentAppeal, runId: number) =>
    `/assessment/results?campaign=${a.campaignId}&kind=${a.period.kind}&period=${encodeURIComponent(a.period.key)}&run=${runId}&unit=${a.unitId}`;

  return (
    <div data-testid="page-assess-appeals">
      <PageHeader
        title={t('assess.appeal.title')}
        extra={
          <>
            <CampaignSelect campaigns={campaigns} value={campaignId} onChange={setCampaignId} />
            <Select<AppealStatus | ''>
              value={status}
              onChange={setStatus}
              style={{ width: 120 }}
              data-testid="appeal-filter"
              options={[
                { value: '', label: t('assess.appeal.all') },
                ...APPEAL_STATUSES.map((s) => ({ value: s, label: label(APPEAL_STATUS_LABELS[s]) })),
              ]}
            />
          </>
        }
      />
      <Table<AssessmentAppeal>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 1030 }}
        locale={{ emptyText: t('assess.appeal.empty') }}
        onRow={(a) => ({ 'data-testid': `appeal-row-${a.id}`, 'data-status': a.status }) as object}
        columns={[
          { title: t('assess.result.unit'), dataIndex: 'unitName', width: 130 },
          {
            title: t('assess.result.period'),
            key: 'period',
            width: 110,
            render: (_, a) => <Link to={resultsLink(a, a.runId)}>{pl(a.period.key)}</Link>,
          },
          {
            title: t('assess.appeal.items'),
            key: 'items',
            width: 180,
            render: (_, a) => (
              <Flex vertical>
                {a.items.map((i, k) => (
                  <span key={k}>{i.label}</span>
                ))}
              </Flex>
            ),
          },
          { title: t('assess.appeal.reason'), dataIndex: 'reason' },
          {
            title: t('assess.appeal.attachments'),
            key: 'files',
            width: 140,
            render: (_, a) => (a.files.length ? <AppealFiles appeal={a} labelled={false} /> : ''),
          },
          {
            title: t('assess.appeal.submitted'),
            key: 'c',
            width: 140,
            render: (_, a) => `${a.createdByName ?? ''} ${fmtTime(a.createdAt)}`,
          },
          {
            title: t('assess.adj.status'),
            key: 'status',
            width: 150,
            render: (_, a) =>
              a.status === 'pending' && canDecide ? (
                <Space size={4}>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => setDeciding({ appeal: a, accept: true })}
                    data-testid={`appeal-accept-${a.id}`}
                  >
                    {t('assess.appeal.accept')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => setDeciding({ appeal: a, accept: false })}
                    data-testid={`appeal-reject-${a.id}`}
                  >
                    {t('assess.appeal.reject')}
                  </Button>
                </Space>
              ) : (
                <Space direction="vertical" size={0}>
                  <Tag color={APPEAL_COLORS[a.status]}>{label(APPEAL_STATUS_LABELS[a.status])}</Tag>
                  {a.decisionReason && <Typography.Text type="secondary">{a.decisionReason}</Typography.Text>}
                  {a.correctedRunId !== null && (
                    <Link to={resultsLink(a, a.correctedRunId)} data-testid={`appeal-corrected-${a.id}`}>
                      {t('assess.appeal.seeCorrected')}
                    </Link>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={deciding !== null}
        title={deciding?.accept ? t('assess.appeal.accept') : t('assess.appeal.reject')}
        onCancel={() => setDeciding(null)}
        onOk={() => void decide()}
        confirmLoading={busy}
        okButtonProps={{ danger: deciding ? !deciding.accept : false, 'data-testid': 'appeal-decide-ok' }}
        destroyOnHidden
      >
        {deciding && (
          <Form form={form} layout="vertical" preserve={false}>
            <Typography.Paragraph>
              {deciding.appeal.unitName} · {pl(deciding.appeal.period.key)}
              {t('common.colon')}
              {deciding.appeal.reason}
            </Typography.Paragraph>
            {deciding.accept && (
              <Form.Item
                name="points"
                label={t('assess.adj.points')}
                extra={t('assess.appeal.pointsHint')}
                rules={[{ required: true, message: t('assess.adj.pointsRequired') }]}
              >
                <InputNumber min={-100} max={100} step={0.5} style={{ width: 160 }} data-testid="appeal-points" />
              </Form.Item>
            )}
            <Form.Item
              name="reason"
              label={deciding.accept ? t('assess.appeal.note') : t('assess.appeal.rejectReason')}
              rules={[{ required: true, whitespace: true, message: t('assess.adj.reasonRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={500} data-testid="appeal-decision-reason" />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </div>
  );
}
