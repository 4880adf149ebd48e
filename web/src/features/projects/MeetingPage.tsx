import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Descriptions, Input, Modal, Space, Spin, Table, Tag, Typography } from 'antd';
import { projectVisitsApi } from '../../api/project-visits.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useApi } from '../../components/useApi.js';
import { fmtTime } from '../../components/time.js';
import { useI18n } from '../../i18n/i18n.js';
import { useErrorText } from '../../components/useErrorText.js';
import type { MeetingAction, ProjectMeeting } from '../../../../src/shared/contracts/project-meetings.contract.js';
import { ACTION_ITEM_PROGRESS_LABELS, ACTION_ITEM_STATUS_LABELS } from '../../../../src/shared/action-item-enums.js';

type Verb = 'report' | 'confirm' | 'return';

/**
 * A progress meeting (推进例会): when and by whom, attendees, decisions, the projects discussed
 * and its action items, each reported done by its owner unit (or the holder) and confirmed or
 * sent back by the holder, as the reply says the caller may.
 */
export default function MeetingPage() {
  const { id } = useParams();
  const meetingId = Number(id);
  const { t, label } = useI18n();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const loaded = useApi(() => projectVisitsApi.meeting(meetingId), meetingId);
  const [fresh, setFresh] = useState<ProjectMeeting | null>(null);
  const [asking, setAsking] = useState<{ item: MeetingAction; verb: Verb } | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const m = fresh && fresh.id === meetingId ? fresh : loaded.data;
  if (!m) return loaded.loading ? <Spin /> : <Alert type="error" message={loaded.error ? errorText(loaded.error) : ''} />;

  async function act(item: MeetingAction, verb: Verb, text?: string) {
    setBusy(true);
    try {
      setFresh(
        await projectVisitsApi.actOnItem(meetingId, item.id, { action: verb, version: item.version, ...(text ? { note: text } : {}) }),
      );
      void message.success(t(verb === 'report' ? 'meeting.report' : verb === 'confirm' ? 'meeting.confirm' : 'meeting.return'));
      setAsking(null);
      setNote('');
    } catch {
      // toasted by the client
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="page-project-meeting">
      <PageHeader title={m.title} />
      <Card size="small">
        <Descriptions column={{ xs: 1, sm: 2 }} size="small" data-testid="meeting-fields">
          <Descriptions.Item label={t('meeting.unit')}>{m.unit.name}</Descriptions.Item>
          <Descriptions.Item label={t('meeting.date')}>{m.meetingDate}</Descriptions.Item>
          <Descriptions.Item label={t('meeting.attendees')} span={2}>
            {m.attendees.map((a) => a.name).join(t('common.listSep')) || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('meeting.projects')} span={2}>
            {m.projects.length
              ? m.projects.map((p) => (
                  <Link key={p.id} to={`/projects/${p.id}`} style={{ marginRight: 8 }}>
                    {p.name}
                  </Link>
                ))
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('meeting.createdBy')}>
            {m.createdBy.name} · {fmtTime(m.createdAt)}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Title level={5}>{t('meeting.decisions')}</Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="meeting-decisions">
          {m.decisions || '—'}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('meeting.actions')} style={{ marginTop: 16 }}>
        <Table<MeetingAction>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={m.actions}
          locale={{ emptyText: '—' }}
          data-testid="meeting-actions"
          scroll={{ x: true }}
          columns={[
            {
              title: t('meeting.actionTitle'),
              key: 'title',
              render: (_, a) => (
                <>
                  <div>{a.title}</div>
                  {a.reportNote && <Typography.Text type="secondary">{a.reportNote}</Typography.Text>}
                  {a.status === 'open' && a.returnReason && <Typography.Text type="danger">{a.returnReason}</Typography.Text>}
                </>
              ),
            },
            { title: t('meeting.actionUnit'), key: 'unit', render: (_, a) => a.unit.name },
            { title: t('meeting.actionProject'), key: 'project', render: (_, a) => a.project?.name ?? '—', responsive: ['md'] },
            { title: t('meeting.actionDue'), key: 'due', render: (_, a) => fmtTime(a.dueAt) },
            {
              title: t('meeting.status'),
              key: 'status',
              render: (_, a) => (
                <Space size={4} wrap>
                  <Tag data-testid={`meeting-action-status-${a.id}`}>{label(ACTION_ITEM_STATUS_LABELS[a.status])}</Tag>
                  {a.progress === 'overdue' && <Tag color="red">{label(ACTION_ITEM_PROGRESS_LABELS.overdue)}</Tag>}
                </Space>
              ),
            },
            {
              title: '',
              key: 'do',
              render: (_, a) => (
                <Space size={4} wrap>
                  {a.can.report && (
                    <Button
                      size="small"
                      onClick={() => setAsking({ item: a, verb: 'report' })}
                      data-testid={`meeting-action-report-${a.id}`}
                    >
                      {t('meeting.report')}
                    </Button>
                  )}
                  {a.can.decide && (
                    <>
                      <Button
                        size="small"
                        type="primary"
                        loading={busy}
                        onClick={() => void act(a, 'confirm')}
                        data-testid={`meeting-action-confirm-${a.id}`}
                      >
                        {t('meeting.confirm')}
                      </Button>
                      <Button size="small" danger onClick={() => setAsking({ item: a, verb: 'return' })}>
                        {t('meeting.return')}
                      </Button>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={asking !== null}
        title={asking?.verb === 'return' ? t('meeting.return') : t('meeting.report')}
        okButtonProps={{ disabled: !note.trim(), loading: busy }}
        onCancel={() => setAsking(null)}
        onOk={() => asking && void act(asking.item, asking.verb, note.trim())}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={4000}
          placeholder={t('meeting.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="meeting-action-note"
        />
      </Modal>
    </div>
  );
}
