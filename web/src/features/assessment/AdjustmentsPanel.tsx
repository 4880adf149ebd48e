import { useMemo, useRef, useState } from 'react';
import { App as AntApp, Button, Card, Flex, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { assessmentApi } from '../../api/assessment.js';
import { useApi } from '../../components/useApi.js';
import { useUnits } from '../../components/unitsStore.js';
import { useMe } from '../../auth/session.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import type { AssessmentRun } from '../../../../src/shared/contracts/assessment.contract.js';
import type { AssessmentAdjustment } from '../../../../src/shared/contracts/assessment-adjustments.contract.js';
import { ADJUSTMENT_STATUS_LABELS, type AdjustmentStatus } from '../../../../src/shared/assessment-enums.js';
import { fmtPoints } from './assessUi.js';

const COLORS: Record<AdjustmentStatus, string> = { pending: 'orange', approved: 'green', rejected: 'red' };

/**
 * 加减分 of a period: HQ (`assessment.manage`) proposes points with a reason for a unit; a
 * leader (`assessment.approve`) approves or rejects (with a reason) what is pending. Approved
 * adjustments count when the period is computed again.
 */
export function AdjustmentsPanel({
  campaignId,
  periodKey,
  run,
  onChanged,
}: {
  campaignId: number;
  periodKey: string;
  run?: AssessmentRun;
  onChanged: () => void;
}) {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const me = useMe();
  const canPropose = me.permissions.includes('assessment.manage');
  const canApprove = me.permissions.includes('assessment.approve');
  const list = useApi(() => assessmentApi.listAdjustments({ campaignId, periodKey }), [campaignId, periodKey]);
  const { units } = useUnits(canPropose);
  // The run's units first (those are the ones ranked), else the directory.
  const options = useMemo(() => {
    const ranked = run?.groups.flatMap((g) => g.items.map((i) => ({ value: i.unitId, label: i.unitName }))) ?? [];
    return ranked.length > 0 ? ranked : units.map((u) => ({ value: u.id, label: u.name }));
  }, [run, units]);
  const [proposing, setProposing] = useState(false);
  const [rejecting, setRejecting] = useState<AssessmentAdjustment | null>(null);
  const [form] = Form.useForm<{ unitId: number; points: number; reason: string }>();
  const [reason, setReason] = useState('');
  // What is being sent (`propose`, `reject`, `approve-<id>`): its button waits and the others are
  // off until the answer, so a double click cannot propose the same points twice. The ref, because
  // a double click's second click comes before React has re-rendered.
  const [busy, setBusy] = useState<string | null>(null);
  const sending = useRef(false);

  const done = () => {
    list.reload();
    onChanged();
  };

  async function send(what: string, fn: () => Promise<void>) {
    if (sending.current) return;
    sending.current = true;
    setBusy(what);
    try {
      await fn();
    } catch {
      // toasted by the client (the server names the field or the conflict)
    } finally {
      sending.current = false;
      setBusy(null);
    }
  }

  const propose = () =>
    send('propose', async () => {
      const v = await form.validateFields().catch(() => null);
      if (!v) return; // the form shows which field is missing
      await assessmentApi.proposeAdjustment({ campaignId, periodKey, unitId: v.unitId, points: v.points, reason: v.reason });
      setProposing(false);
      form.resetFields();
      void message.success(t('assess.adj.proposed'));
      done();
    });

  return (
    <Card
      size="small"
      title={t('assess.adj.title')}
      data-testid="adjustments"
      extra={
        canPropose && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setProposing(true)} data-testid="adj-propose">
            {t('assess.adj.propose')}
          </Button>
        )
      }
    >
      <Table<AssessmentAdjustment>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 960 }}
        locale={{ emptyText: t('assess.adj.empty') }}
        onRow={(a) => ({ 'data-testid': `adj-row-${a.id}`, 'data-status': a.status }) as object}
        columns={[
          { title: t('assess.result.unit'), dataIndex: 'unitName', width: 160 },
          { title: t('assess.adj.points'), dataIndex: 'points', width: 80, align: 'right', render: (p: number) => fmtPoints(p, true) },
          { title: t('assess.adj.reason'), dataIndex: 'reason', width: 260 },
          {
            title: t('assess.adj.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: AdjustmentStatus) => <Tag color={COLORS[s]}>{label(ADJUSTMENT_STATUS_LABELS[s])}</Tag>,
          },
          {
            title: t('assess.adj.proposedBy'),
            key: 'p',
            width: 170,
            render: (_, a) => `${a.proposedByName ?? ''} ${fmtTime(a.proposedAt)}`,
          },
          {
            title: t('assess.adj.decidedBy'),
            key: 'd',
            width: 200,
            render: (_, a) =>
              a.status === 'pending' ? (
                canApprove ? (
                  <Space size={4}>
                    <Button
                      size="small"
                      type="primary"
                      loading={busy === `approve-${a.id}`}
                      disabled={busy !== null && busy !== `approve-${a.id}`}
                      onClick={() =>
                        void send(`approve-${a.id}`, async () => {
                          await assessmentApi.approveAdjustment(a.id);
                          void message.success(t('assess.adj.approved'));
                          done();
                        })
                      }
                      data-testid={`adj-approve-${a.id}`}
                    >
                      {t('assess.adj.approve')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      disabled={busy !== null}
                      onClick={() => (setReason(''), setRejecting(a))}
                      data-testid={`adj-reject-${a.id}`}
                    >
                      {t('assess.adj.reject')}
                    </Button>
                  </Space>
                ) : (
                  t('assess.adj.waiting')
                )
              ) : (
                <span title={a.decisionReason ?? ''}>
                  {`${a.decidedByName ?? ''} ${fmtTime(a.decidedAt)}`}
                  {a.decisionReason ? `：${a.decisionReason}` : ''}
                </span>
              ),
          },
        ]}
      />
      <Modal
        open={proposing}
        title={t('assess.adj.propose')}
        onCancel={() => setProposing(false)}
        onOk={() => void propose()}
        confirmLoading={busy === 'propose'}
        okButtonProps={{ 'data-testid': 'adj-propose-ok' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="unitId" label={t('assess.result.unit')} rules={[{ required: true, message: t('assess.adj.unitRequired') }]}>
            <Select showSearch optionFilterProp="label" options={options} data-testid="adj-unit" />
          </Form.Item>
          <Form.Item
            name="points"
            label={t('assess.adj.points')}
            extra={t('assess.adj.pointsHint')}
            rules={[{ required: true, message: t('assess.adj.pointsRequired') }]}
          >
            <InputNumber min={-100} max={100} step={0.5} style={{ width: 160 }} data-testid="adj-points" />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('assess.adj.reason')}
            rules={[{ required: true, whitespace: true, message: t('assess.adj.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} data-testid="adj-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={rejecting !== null}
        title={t('assess.adj.reject')}
        onCancel={() => setRejecting(null)}
        okButtonProps={{ disabled: !reason.trim(), danger: true, 'data-testid': 'adj-reject-ok' }}
        confirmLoading={busy === 'reject'}
        onOk={() =>
          rejecting &&
          void send('reject', async () => {
            await assessmentApi.rejectAdjustment(rejecting.id, { reason: reason.trim() });
            setRejecting(null);
            done();
          })
        }
      >
        <Flex vertical gap={8}>
          <span>{rejecting ? `${rejecting.unitName} ${fmtPoints(rejecting.points, true)}：${rejecting.reason}` : ''}</span>
          <Input.TextArea
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('assess.adj.rejectReason')}
            maxLength={500}
          />
        </Flex>
      </Modal>
    </Card>
  );
}
