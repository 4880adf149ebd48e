import { useState } from 'react';
import { Alert, App as AntApp, Button, Flex, Form, Input, Typography } from 'antd';
import { assessmentApi } from '../../api/assessment.js';
import { useI18n } from '../../i18n/i18n.js';
import type { AppealItem, AssessmentRun, AssessmentRunItem } from '../../../../src/shared/contracts/assessment.contract.js';
import { lineKey, ScoreBreakdown } from './ScoreBreakdown.js';

/**
 * 申诉: the unit ticks the lines of its explanation it disputes and says why. The server
 * refuses an appeal after the deadline (the page hides the form then) and names the field of
 * any problem. Attachments wait for a way to upload them (the contract takes ids of stored
 * files, and no route stores a file outside a case yet).
 */
export function AppealForm({
  run,
  item,
  onCancel,
  onDone,
}: {
  run: AssessmentRun;
  item: AssessmentRunItem;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const items: AppealItem[] = item.parts.flatMap((p) =>
    p.lines.flatMap((l, i) =>
      picked.has(lineKey(p, l, i)) ? [{ partKind: p.kind, lineKind: l.kind, refId: l.refId, label: l.label }] : [],
    ),
  );

  async function submit() {
    setBusy(true);
    try {
      await assessmentApi.appeal({ runId: run.id, unitId: item.unitId, items, reason: reason.trim() });
      void message.success(t('assess.appeal.sent'));
      onDone();
    } catch {
      // toasted by the client (the deadline passed, a field named)
    } finally {
      setBusy(false);
    }
  }

  return (
    <Flex vertical gap={12} data-testid="appeal-form">
      <Alert type="info" showIcon message={t('assess.appeal.pickHint')} />
      <ScoreBreakdown
        score={item.score}
        parts={item.parts}
        picked={picked}
        onPick={(k, on) =>
          setPicked((s) => {
            const next = new Set(s);
            if (on) next.add(k);
            else next.delete(k);
            return next;
          })
        }
      />
      <Form layout="vertical" component="div">
        <Form.Item label={t('assess.appeal.items')}>
          <Typography.Text data-testid="appeal-picked">
            {items.length ? items.map((i) => i.label).join('；') : t('assess.appeal.noneYet')}
          </Typography.Text>
        </Form.Item>
        <Form.Item label={t('assess.appeal.reason')} required>
          <Input.TextArea
            rows={4}
            maxLength={2000}
            showCount
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="appeal-reason"
          />
        </Form.Item>
      </Form>
      <Flex gap={8}>
        <Button onClick={onCancel}>{t('assess.appeal.cancel')}</Button>
        <Button
          type="primary"
          loading={busy}
          disabled={items.length === 0 || !reason.trim()}
          onClick={() => void submit()}
          data-testid="appeal-submit"
        >
          {t('assess.appeal.submit')}
        </Button>
      </Flex>
    </Flex>
  );
}
