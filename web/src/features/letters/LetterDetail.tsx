import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { App as AntApp, Alert, Button, Card, Descriptions, Flex, Skeleton, Table, Tag, Typography } from 'antd';
import {
  CheckOutlined,
  EditOutlined,
  FilePdfOutlined,
  FileWordOutlined,
  RollbackOutlined,
  SendOutlined,
  SignatureOutlined,
  MessageOutlined,
} from '@ant-design/icons';
import type { CaseState } from '../../../../src/shared/case-enums.js';
import { lettersApi } from '../../api/letters.js';
import { browserErrorText } from '../../components/browserErrors.js';
import { useApi } from '../../components/useApi.js';
import { fmtTime, useI18n } from '../../i18n/i18n.js';
import { StateTag } from '../cases/caseUi.js';
import type { LetterCaseView } from '../../../../src/shared/contracts/letters.contract.js';
import { deadlineDay, isUnsigned, notifyLettersChanged } from './api.js';
import { EditDraftModal } from './DraftLetterModal.js';
import { LetterPreview } from './LetterPreview.js';
import { LetterStateTag } from './letterUi.js';
import { TextModal } from './TextModal.js';

type Dialog = 'sign' | 'reply' | 'withdraw' | 'edit' | 'return' | null;

/**
 * One letter: its facts, what the viewer may do with it (the recipient signs and replies;
 * HQ edits and issues a draft or withdraws an issued letter; the leader approves a letter
 * awaiting approval or returns it to HQ with a reason), the DOCX/PDF downloads,
 * the preview and the cases it covers. `onChanged` lets the list refresh. When the
 * recipient unit opens an issued letter not yet delivered, the page records delivery
 * (送达) with an explicit POST — reading the letter never changes it on the server.
 */
export function LetterDetail({
  id,
  canManage,
  canSign,
  onChanged,
}: {
  id: number;
  canManage: boolean;
  canSign: boolean;
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const { message, modal } = AntApp.useApp();
  const letter = useApi(() => lettersApi.get(id), id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const l = letter.data;
  // Only the recipient that signs records delivery (not the unit held to account by a letter to an office).
  const undelivered = canSign && l?.canSign && l.deliveredAt === null ? l.id : undefined;

  useEffect(() => {
    if (undelivered === undefined) return;
    // Quiet: a viewer who may sign elsewhere but is not this letter's recipient gets a
    // 403 here, which only means there is no delivery to record.
    lettersApi
      .delivered(undelivered)
      .then(() => {
        letter.reload();
        onChanged();
      })
      .catch(() => undefined);
    // Once per letter opened: after the reload it is delivered and this stays quiet.
  }, [undelivered]);

  if (!l) return letter.error ? <Alert type="error" message={browserErrorText(letter.error, t, locale)} /> : <Skeleton active />;

  const after = (text: string) => {
    void message.success(text);
    setDialog(null);
    letter.reload();
    onChanged();
    notifyLettersChanged();
  };
  const issue = () =>
    modal.confirm({
      title: t('letter.issue'),
      content: t('letter.issueConfirm'),
      okButtonProps: { 'data-testid': 'letter-issue-ok' },
      onOk: async () => {
        const done = await lettersApi.issue(l.id, { version: l.version });
        after(done.number ? t('letter.issuedAs', { number: done.number }) : t('letter.submittedForApproval'));
      },
    });
  const approve = () =>
    modal.confirm({
      title: t('letter.approve'),
      content: t('letter.approveConfirm'),
      okButtonProps: { 'data-testid': 'letter-approve-ok' },
      onOk: async () => {
        const done = await lettersApi.approve(l.id, { version: l.version });
        after(t('letter.approvedAs', { number: done.number ?? '' }));
      },
    });

  return (
    <div data-testid="letter-detail" data-id={l.id} data-state={l.state} data-number={l.number ?? ''}>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        {l.canApprove && (
          <>
            <Button type="primary" icon={<CheckOutlined />} onClick={() => void approve()} data-testid="letter-approve">
              {t('letter.approve')}
            </Button>
            <Button danger icon={<RollbackOutlined />} onClick={() => setDialog('return')} data-testid="letter-return">
              {t('letter.returnToHq')}
            </Button>
          </>
        )}
        {canSign && l.canSign && isUnsigned(l) && (
          <Button type="primary" danger icon={<SignatureOutlined />} onClick={() => setDialog('sign')} data-testid="letter-sign">
            {t('letter.sign')}
          </Button>
        )}
        {canSign && l.canSign && l.signedAt !== null && l.repliedAt === null && (
          <Button type="primary" icon={<MessageOutlined />} onClick={() => setDialog('reply')} data-testid="letter-reply">
            {t('letter.reply')}
          </Button>
        )}
        {canManage && l.status === 'draft' && (
          <>
            <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="letter-edit">
              {t('letter.editDraft')}
            </Button>
            <Button type="primary" icon={<SendOutlined />} onClick={() => void issue()} data-testid="letter-issue">
              {t('letter.issue')}
            </Button>
          </>
        )}
        {canManage && l.status === 'issued' && (
          <Button danger icon={<RollbackOutlined />} onClick={() => setDialog('withdraw')} data-testid="letter-withdraw">
            {t('letter.withdraw')}
          </Button>
        )}
        <Button
          icon={<FileWordOutlined />}
          onClick={() => void lettersApi.docx(l.id, `${l.number ?? l.id}.docx`)}
          data-testid="letter-docx"
        >
          {t('letter.docx')}
        </Button>
        <Button icon={<FilePdfOutlined />} onClick={() => void lettersApi.pdf(l.id, `${l.number ?? l.id}.pdf`)} data-testid="letter-pdf">
          {t('letter.pdf')}
        </Button>
      </Flex>

      {l.status === 'pending_approval' && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('letter.pendingHint')} data-testid="letter-pending" />
      )}
      {l.status === 'draft' && l.returnReason && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="letter-returned"
          message={t('letter.returnedBecause', { time: fmtTime(l.returnedAt), reason: l.returnReason })}
        />
      )}
      {l.status === 'draft' && l.needsApproval && !l.returnReason && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('letter.pendingHint')} />
      )}
      {canSign && l.status === 'issued' && !l.canSign && l.signUnitId !== l.unitId && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('letter.readOnlyOffice', { office: l.signUnitName ?? '' })} />
      )}
      {l.status === 'withdrawn' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('letter.withdrawnBecause', { reason: l.withdrawReason ?? '' })}
        />
      )}
      <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('letter.number')}>
          <span data-testid="letter-number">{l.number ?? <Tag>{t('letter.draftTag')}</Tag>}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('letter.state')}>
          <LetterStateTag state={l.state} />
          {l.auto && <Tag>{t('letter.auto')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('letter.subject')} span={2}>
          {l.title}
        </Descriptions.Item>
        <Descriptions.Item label={t('letter.type')}>{l.type}</Descriptions.Item>
        <Descriptions.Item label={t('letter.unit')}>{l.unitName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('letter.addressee')}>{l.addressee.replace(/：$/, '')}</Descriptions.Item>
        {l.signUnitId !== l.unitId && <Descriptions.Item label={t('letter.signUnit')}>{l.signUnitName ?? '—'}</Descriptions.Item>}
        {l.approvedAt && <Descriptions.Item label={t('letter.approvedAt')}>{fmtTime(l.approvedAt)}</Descriptions.Item>}
        <Descriptions.Item label={t('letter.replyDeadline')}>{deadlineDay(l.replyDeadline)}</Descriptions.Item>
        <Descriptions.Item label={t('letter.issuedAt')}>{fmtTime(l.issuedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('letter.deliveredAt')}>{fmtTime(l.deliveredAt)}</Descriptions.Item>
        <Descriptions.Item label={t('letter.signedAt')}>{fmtTime(l.signedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('letter.repliedAt')}>{fmtTime(l.repliedAt)}</Descriptions.Item>
        {l.reply && (
          <Descriptions.Item label={t('letter.replyText')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="letter-reply-text">
              {l.reply}
            </Typography.Paragraph>
          </Descriptions.Item>
        )}
      </Descriptions>

      <Card size="small" title={t('letter.cases', { n: l.cases.length })} style={{ marginBottom: 12 }}>
        <Table<LetterCaseView>
          rowKey="id"
          size="small"
          dataSource={l.cases}
          pagination={false}
          scroll={{ x: 640 }}
          onRow={(c) => ({ 'data-testid': `letter-case-${c.id}` }) as object}
          columns={[
            {
              title: t('letter.caseNumber'),
              dataIndex: 'number',
              width: 130,
              render: (n: string, c) => <Link to={`/cases/${c.id}`}>{n}</Link>,
            },
            { title: t('letter.caseState'), dataIndex: 'state', width: 100, render: (s: string) => <StateTag state={s as CaseState} /> },
            { title: t('letter.caseDesc'), dataIndex: 'description', ellipsis: true },
            { title: t('letter.caseAddress'), dataIndex: 'address', ellipsis: true },
            { title: t('letter.caseDeadline'), dataIndex: 'deadline', width: 110, render: (d: string | null) => deadlineDay(d) },
          ]}
        />
      </Card>

      <Typography.Title level={5}>{t('letter.preview')}</Typography.Title>
      {(l.status === 'draft' || l.status === 'pending_approval') && l.body.length === 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('letter.bodyAtIssue')} />
      )}
      <LetterPreview id={l.id} stamp={l.version} />

      <TextModal
        open={dialog === 'sign'}
        title={t('letter.signTitle')}
        hint={t('letter.signHint')}
        label={t('letter.replyOptional')}
        okText={t('letter.sign')}
        testId="sign"
        onClose={() => setDialog(null)}
        onSubmit={async (reply) => {
          await lettersApi.sign(l.id, reply ? { reply } : {});
          after(t('letter.signedOk'));
        }}
      />
      <TextModal
        open={dialog === 'reply'}
        title={t('letter.replyTitle')}
        label={t('letter.replyText')}
        requiredMessage={t('letter.replyRequired')}
        okText={t('letter.reply')}
        testId="reply"
        onClose={() => setDialog(null)}
        onSubmit={async (reply) => {
          await lettersApi.reply(l.id, { reply });
          after(t('letter.repliedOk'));
        }}
      />
      <TextModal
        open={dialog === 'withdraw'}
        title={t('letter.withdrawTitle')}
        hint={t('letter.withdrawHint')}
        label={t('letter.withdrawReason')}
        requiredMessage={t('letter.withdrawRequired')}
        okText={t('letter.withdraw')}
        danger
        maxLength={500}
        testId="withdraw"
        onClose={() => setDialog(null)}
        onSubmit={async (reason) => {
          await lettersApi.withdraw(l.id, { reason });
          after(t('letter.withdrawnOk'));
        }}
      />
      <TextModal
        open={dialog === 'return'}
        title={t('letter.returnTitle')}
        hint={t('letter.returnHint')}
        label={t('letter.returnReason')}
        requiredMessage={t('letter.returnRequired')}
        okText={t('letter.returnToHq')}
        danger
        maxLength={500}
        testId="return"
        onClose={() => setDialog(null)}
        onSubmit={async (reason) => {
          await lettersApi.returnToHq(l.id, { reason });
          after(t('letter.returnedOk'));
        }}
      />
      {l.status === 'draft' && (
        <EditDraftModal open={dialog === 'edit'} letter={l} onClose={() => setDialog(null)} onSaved={() => after(t('common.saved'))} />
      )}
    </div>
  );
}
