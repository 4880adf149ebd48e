import { useState } from 'react';
import { Alert, App as AntApp, Button, Flex, Form, Input, Typography, Upload, type UploadFile } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { assessmentApi } from '../../api/assessment.js';
import { useI18n } from '../../i18n/i18n.js';
import type { AssessmentRun, AssessmentRunItem } from '../../../../src/shared/contracts/assessment.contract.js';
import type { AppealItem } from '../../../../src/shared/contracts/assessment-appeals.contract.js';
import { lineKey, ScoreBreakdown } from './ScoreBreakdown.js';
import { filesOf } from '../cases/PhotoPicker.js';

/** The server's limits of one upload (FileService: 9 files, photoLimitBytes default 10 MB). */
const MAX_FILES = 9;
const MAX_MB = 10;

/**
 * 申诉: the unit ticks the lines of its explanation it disputes and says why. The server
 * refuses an appeal after the deadline (the page hides the form then) and names the field of
 * any problem. Evidence (scans as PDF, photos) is kept in the browser and sent with the
 * appeal in one multipart request, so an appeal is never half stored.
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
  const [attached, setAttached] = useState<UploadFile[]>([]);

  const items: AppealItem[] = item.parts.flatMap((p) =>
    p.lines.flatMap((l, i) =>
      picked.has(lineKey(p, l, i)) ? [{ partKind: p.kind, lineKind: l.kind, refId: l.refId, label: l.label }] : [],
    ),
  );

  async function submit() {
    setBusy(true);
    try {
      await assessmentApi.appeal({ runId: run.id, unitId: item.unitId, items, reason: reason.trim() }, filesOf(attached));
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
            {items.length ? items.map((i) => i.label).join(t('common.clauseSep')) : t('assess.appeal.noneYet')}
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
        <Form.Item label={t('assess.appeal.attachments')} extra={t('assess.appeal.attachHint', { max: MAX_FILES, mb: MAX_MB })}>
          <div data-testid="appeal-files">
            <Upload
              accept="image/jpeg,image/png,image/webp,application/pdf"
              multiple
              fileList={attached}
              // Never upload on pick: the appeal sends everything at once.
              beforeUpload={() => false}
              onChange={({ fileList }) => {
                if (fileList.length > MAX_FILES) void message.warning(t('assess.appeal.attachTooMany', { max: MAX_FILES }));
                setAttached(fileList.slice(0, MAX_FILES));
              }}
            >
              <Button icon={<PaperClipOutlined />} disabled={attached.length >= MAX_FILES}>
                {t('assess.appeal.attach')}
              </Button>
            </Upload>
          </div>
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
