import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Input, Modal, Table, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import type { CampaignView } from '../../../../src/shared/contracts/campaigns.contract.js';
import type { Ladder, LadderBody, Rung } from '../../../../src/shared/contracts/letters.contract.js';
import { campaignsApi } from '../../api/campaigns.js';
import { ApiError } from '../../api/client.js';
import { lettersApi } from '../../api/letters.js';
import { useApi } from '../../components/useApi.js';
import { useI18n } from '../../i18n/i18n.js';
import { useErrorText } from '../../components/useErrorText.js';
import { recipientText, triggerText } from './letterUi.js';
import { ladderProblemPlace, ladderProblemText, rungNames, type Problem } from './problemText.js';
import { textOf } from '../../../../src/shared/text.js';
import { rungNeedsApproval } from '../../../../src/shared/letter-approval.js';

export interface CurrentLadder {
  campaign: CampaignView | undefined;
  ladder: Ladder | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * The ladder in force: the current campaign's (the escalation sweep uses the same).
 * Without any campaign the server escalates by its default ladder, which has no
 * route of its own, so `ladder` stays undefined then.
 */
export function useCurrentLadder(enabled: boolean): CurrentLadder {
  const campaigns = useApi(enabled ? () => campaignsApi.list() : null);
  const items = campaigns.data?.items ?? [];
  const campaign = items.find((c) => c.current) ?? items[0];
  const ladder = useApi(campaign ? () => lettersApi.ladder(campaign.id) : null, campaign?.id);
  return { campaign, ladder: ladder.data, loading: campaigns.loading || ladder.loading, reload: ladder.reload };
}

/** The escalation ladder as a readable table; HQ edits it as JSON, checked whole by the server. */
export function LadderCard({ current, canManage }: { current: CurrentLadder; canManage: boolean }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const rungs = useMemo(() => [...(current.ladder?.rungs ?? [])].sort((a, b) => a.level - b.level), [current.ladder]);
  const { campaign } = current;

  return (
    <Card
      size="small"
      data-testid="ladder-card"
      title={campaign ? t('letter.ladder.of', { name: campaign.name }) : t('letter.ladder.title')}
      extra={
        canManage &&
        current.ladder && (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="ladder-edit">
            {t('letter.ladder.edit')}
          </Button>
        )
      }
    >
      {!campaign && !current.loading ? (
        <Typography.Text type="secondary">{t('letter.ladder.none')}</Typography.Text>
      ) : (
        <Table<Rung>
          rowKey="key"
          size="small"
          loading={current.loading}
          dataSource={rungs}
          pagination={false}
          scroll={{ x: 890 }}
          onRow={(r) => ({ 'data-testid': `ladder-rung-${r.key}` }) as object}
          columns={[
            { title: t('letter.ladder.level'), dataIndex: 'level', width: 60 },
            { title: t('letter.ladder.type'), dataIndex: 'type', width: 90 },
            {
              title: t('letter.ladder.triggers'),
              key: 'triggers',
              render: (_: unknown, r) =>
                r.triggers.length === 0 ? (
                  <Typography.Text type="secondary">{t('letter.ladder.manualOnly')}</Typography.Text>
                ) : (
                  r.triggers.map((tr, i) => <div key={i}>• {triggerText(tr, t)}</div>)
                ),
            },
            { title: t('letter.ladder.recipient'), key: 'recipient', width: 200, render: (_: unknown, r) => recipientText(r.recipient, t) },
            {
              title: t('letter.ladder.replyDays'),
              dataIndex: 'replyWorkingDays',
              width: 110,
              render: (n: number) => t('letter.workingDays', { n }),
            },
            {
              title: t('letter.ladder.approval'),
              key: 'approval',
              width: 130,
              render: (_: unknown, r) =>
                !rungNeedsApproval(r)
                  ? t('letter.ladder.approvalNone')
                  : r.approval?.approver
                    ? t('letter.ladder.approvalBy', { name: r.approval.approverName ?? r.approval.approver })
                    : t('letter.ladder.approvalAnyLeader'),
            },
            {
              title: t('letter.ladder.issuer'),
              key: 'issuer',
              width: 240,
              render: (_: unknown, r) => (
                <>
                  {r.issuer.name}
                  <br />
                  <Typography.Text code>{`${r.issuer.code}〔YYYY〕N号`}</Typography.Text>
                </>
              ),
            },
          ]}
        />
      )}
      {/* Mounted per opening, so each starts from the ladder as saved rather than an abandoned edit. */}
      {editing && campaign && current.ladder && (
        <LadderEditModal
          campaignId={campaign.id}
          ladder={current.ladder}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            current.reload();
          }}
        />
      )}
    </Card>
  );
}

/**
 * Editing as JSON text: the ladder is a small nested structure (rungs × triggers of
 * five kinds) that a form would have to mirror field by field; the server checks it
 * whole and names every problem's field, which is listed here as it answers: in the UI's
 * language (by code), under the rung it is in (by letter type, as sent), the path as a hint.
 */
function LadderEditModal({
  campaignId,
  ladder,
  onClose,
  onSaved,
}: {
  campaignId: number;
  ladder: Ladder;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, label } = useI18n();
  const errorText = useErrorText();
  const { message } = AntApp.useApp();
  const [text, setText] = useState(() => JSON.stringify(ladder, null, 2));
  const [problems, setProblems] = useState<Problem[]>([]);
  // The ladder the problems are about (as last sent), whose rungs they name.
  const [sent, setSent] = useState<unknown>(ladder);
  const rungName = rungNames(sent, t);
  const say = (p: Problem) => ladderProblemText(p, { t, label, rungName });
  const [saving, setSaving] = useState(false);

  async function save() {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      setProblems([{ field: 'JSON', message: t('letter.ladder.badJson', { msg: e instanceof Error ? e.message : String(e) }) }]);
      return;
    }
    setSaving(true);
    setSent(parsed);
    try {
      // The server checks the whole ladder and names the field of each problem.
      await lettersApi.saveLadder(campaignId, parsed as LadderBody);
      setProblems([]);
      void message.success(t('letter.ladder.saved'));
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && (e.status === 400 || e.status === 422)) {
        const listed = Array.isArray(e.details?.problems) ? (e.details.problems as Problem[]) : null;
        setProblems(listed ?? [{ field: textOf(e.details?.field ?? ''), message: errorText(e) }]);
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title={t('letter.ladder.edit')}
      width={760}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={saving}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'ladder-save' }}
    >
      <Typography.Paragraph type="secondary">{t('letter.ladder.editHint')}</Typography.Paragraph>
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="ladder-problems"
          message={t('letter.ladder.problems', { n: problems.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {problems.map((p, i) => {
                const place = ladderProblemPlace(p.field, { t, rungName });
                return (
                  <li key={i} title={p.field}>
                    {place && <Typography.Text strong>{t('letter.ladder.problemIn', { rung: place })}</Typography.Text>}
                    {say(p)} <Typography.Text code>{p.field}</Typography.Text>
                  </li>
                );
              })}
            </ul>
          }
        />
      )}
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 12, maxRows: 28 }}
        spellCheck={false}
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
        data-testid="ladder-json"
      />
    </Modal>
  );
}
