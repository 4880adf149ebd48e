import { useState } from 'react';
import { App as AntApp, Button, Flex, Input, Modal, Tag, Timeline, Typography } from 'antd';
import { FileOutlined } from '@ant-design/icons';
import { projectsApi } from '../../api/projects.js';
import { fmtTime } from '../../components/time.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Project, ProjectStageRecord } from '../../../../src/shared/contracts/projects.contract.js';
import { PROJECT_STAGE_LABELS, STAGE_RECORD_STATUS_LABELS, type StageRecordStatus } from '../../../../src/shared/project-enums.js';

const STATUS_COLOR: Record<StageRecordStatus, string> = { pending: 'orange', confirmed: 'green', rejected: 'red' };

/**
 * 阶段记录: each stage the project unit recorded, newest first, with its state (待确认 /
 * 已确认 / 已退回), dates, reasons and evidence; the work team or the projects office
 * confirms a pending record or sends it back with a reason.
 */
export function StageTimeline({ project, onChanged }: { project: Project; onChanged: (p: Project) => void }) {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState<ProjectStageRecord | null>(null);
  const [reason, setReason] = useState('');

  async function run(call: () => Promise<Project>, done: string) {
    setBusy(true);
    try {
      const p = await call();
      void message.success(done);
      onChanged(p);
      return true;
    } catch {
      return false; // toasted by the client
    } finally {
      setBusy(false);
    }
  }

  if (project.stages.length === 0) return <Typography.Text type="secondary">{t('project.noStages')}</Typography.Text>;
  return (
    <>
      <Timeline
        data-testid="project-stages"
        items={project.stages.map((r) => ({
          color: STATUS_COLOR[r.status],
          children: (
            <Flex vertical gap={4} data-testid={`stage-record-${r.id}`}>
              <Flex gap={8} wrap align="center">
                <Typography.Text strong>{label(PROJECT_STAGE_LABELS[r.stage])}</Typography.Text>
                <Tag color={STATUS_COLOR[r.status]} data-testid={`stage-status-${r.id}`}>
                  {label(STAGE_RECORD_STATUS_LABELS[r.status])}
                </Tag>
                {r.move !== 'next' && <Tag>{t(r.move === 'skip' ? 'project.move.skip' : 'project.move.back')}</Tag>}
                <Typography.Text type="secondary">
                  {t('project.actualDate')}
                  {t('common.colon')}
                  {r.actualDate}
                </Typography.Text>
              </Flex>
              {r.note && <Typography.Text>{r.note}</Typography.Text>}
              {r.reason && (
                <Typography.Text type="secondary">
                  {t('project.reason')}
                  {t('common.colon')}
                  {r.reason}
                </Typography.Text>
              )}
              {r.files.length > 0 && (
                <Flex gap={12} wrap>
                  {r.files.map((f) => (
                    <a
                      key={f.id}
                      href={projectsApi.stageFileUrl(project.id, r.id, f.id)}
                      target="_blank"
                      rel="noreferrer"
                      data-testid={`stage-file-${f.id}`}
                    >
                      <FileOutlined /> {f.name ?? f.mime}
                    </a>
                  ))}
                </Flex>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('project.recordedBy', { name: r.recordedBy?.name ?? '—', time: fmtTime(r.recordedAt) })}
                {r.decidedAt && ` · ${t('project.decidedBy', { name: r.decidedBy?.name ?? '—', time: fmtTime(r.decidedAt) })}`}
              </Typography.Text>
              {r.decisionReason && (
                <Typography.Text type="danger">
                  {t('project.decisionReason')}
                  {t('common.colon')}
                  {r.decisionReason}
                </Typography.Text>
              )}
              {r.status === 'pending' && project.canConfirm && (
                <Flex gap={8}>
                  <Button
                    type="primary"
                    size="small"
                    loading={busy}
                    onClick={() => void run(() => projectsApi.confirmStage(project.id, r.id), t('project.confirmed'))}
                    data-testid={`stage-confirm-${r.id}`}
                  >
                    {t('project.confirm')}
                  </Button>
                  <Button size="small" danger onClick={() => setRejecting(r)} data-testid={`stage-reject-${r.id}`}>
                    {t('project.reject')}
                  </Button>
                </Flex>
              )}
            </Flex>
          ),
        }))}
      />
      <Modal
        open={rejecting !== null}
        title={t('project.reject')}
        okText={t('project.reject')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: busy, id: 'stage-reject-ok' }}
        onCancel={() => setRejecting(null)}
        onOk={() =>
          rejecting &&
          void run(() => projectsApi.rejectStage(project.id, rejecting.id, reason.trim()), t('project.rejected')).then(
            (ok) => ok && (setRejecting(null), setReason('')),
          )
        }
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={2000}
          placeholder={t('project.rejectReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="stage-reject-reason"
        />
      </Modal>
    </>
  );
}
