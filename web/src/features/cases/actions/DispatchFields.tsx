import { useEffect, useState } from 'react';
import { Alert, DatePicker, Form, Input, type FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { beforeBeijingToday, fromPicker, toPicker } from '../../../components/time.js';
import type { Suggestion } from '../../../../../src/shared/contracts/cases.contract.js';
import { casesApi } from '../../../api/cases.js';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect.js';
import { fmtTime, useI18n } from '../../../i18n/i18n.js';

/** Whether a picked deadline differs from the rule's (to the minute). */
export function isOverride(picked: Dayjs | null | undefined, suggested: string | undefined): boolean {
  if (!picked || !suggested) return false;
  return Math.abs(Date.parse(fromPicker(picked)) - Date.parse(suggested)) >= 60_000;
}

/**
 * Unit and deadline of a dispatch, pre-filled from GET /api/cases/:id/suggestion; a
 * deadline other than the rule's asks for the reason the server requires.
 */
export function DispatchFields({
  caseId,
  form,
  onSuggestion,
}: {
  caseId: number;
  form: FormInstance;
  onSuggestion: (s: Suggestion | undefined) => void;
}) {
  const { t } = useI18n();
  const [s, setS] = useState<Suggestion>();
  const deadline = Form.useWatch<Dayjs | null>('deadline', form);

  useEffect(() => {
    let live = true;
    casesApi
      .suggestion(caseId)
      .then((r) => {
        if (!live) return;
        setS(r);
        onSuggestion(r);
        if (r.unitId && !form.getFieldValue('unitId')) form.setFieldValue('unitId', r.unitId);
        if (!form.getFieldValue('deadline')) form.setFieldValue('deadline', toPicker(r.deadline));
      })
      .catch(() => live && onSuggestion(undefined));
    return () => {
      live = false;
    };
  }, [caseId, form, onSuggestion]);

  // Without a suggestion (none, or it failed) any deadline is a hand-picked one.
  const override = s ? isOverride(deadline, s.deadline) : Boolean(deadline);
  return (
    <>
      {s && (
        <Alert
          type={s.unitId ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          message={
            s.unitId ? t('form.suggested', { unit: s.unitName ?? s.unitCode, deadline: fmtTime(s.deadline) }) : t('form.noSuggestion')
          }
          data-testid="dispatch-suggestion"
        />
      )}
      <Form.Item name="unitId" label={t('form.unit')} rules={[{ required: true, message: t('form.unitRequired') }]}>
        <UnitTreeSelect allowClear={false} style={{ width: '100%' }} data-testid="action-unit" />
      </Form.Item>
      <Form.Item name="deadline" label={t('form.deadline')} rules={[{ required: true }]}>
        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          style={{ width: '100%' }}
          disabledDate={beforeBeijingToday}
          data-testid="action-deadline"
        />
      </Form.Item>
      {override && (
        <Form.Item
          name="reason"
          label={t('form.deadlineOverride')}
          extra={t('form.deadlineOverrideHint')}
          rules={[{ required: true, whitespace: true, message: t('form.reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={1000} data-testid="action-override-reason" />
        </Form.Item>
      )}
    </>
  );
}
