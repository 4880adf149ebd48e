import { useCallback, useRef, useState } from 'react';
import { Alert, App as AntApp, DatePicker, Form, Input, Modal, Select, type ButtonProps, type UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import { beforeBeijingToday, fromPicker, pickerDay, toPicker } from '../../../components/time.js';
import { SEVERITIES, type CaseAction, type Severity } from '../../../../../src/shared/case-enums.js';
import { ApiError } from '../../../api/client.js';
import type { ActBody, CaseListItem, Suggestion } from '../../../../../src/shared/contracts/cases.contract.js';
import { casesApi } from '../../../api/cases.js';
import { fmtTime, useI18n } from '../../../i18n/i18n.js';
import { categoryOptions, useCaseText, useCategories } from '../caseUi.js';
import { filesOf, PhotoPicker } from '../PhotoPicker.js';
import { DispatchFields, isOverride } from './DispatchFields.js';

export type Act = Exclude<CaseAction, 'report'>;
export type ActTarget = Pick<
  CaseListItem,
  'id' | 'number' | 'version' | 'state' | 'categoryCode' | 'severity' | 'deadline' | 'pendingExtension'
>;

type Field =
  | 'reason'
  | 'note'
  | 'noteRequired'
  | 'dispatch'
  | 'reclassify'
  | 'target'
  | 'requested'
  | 'reviewDate'
  | 'before'
  | 'after'
  | 'verifyPhotos'
  | 'reopenDeadline'
  | 'extensionInfo';

/** The small form each action needs (what the server's guards will ask for). */
const FIELDS: Record<Act, Field[]> = {
  accept: ['reclassify', 'note'],
  reject: ['reason'],
  dispatch: ['dispatch', 'note'],
  redispatch: ['dispatch', 'note'],
  merge: ['target', 'note'],
  acknowledge: ['note'],
  rectify: ['before', 'after', 'noteRequired'],
  return: ['reason'],
  request_extension: ['requested', 'reason'],
  approve_extension: ['extensionInfo', 'note'],
  deny_extension: ['extensionInfo', 'reason'],
  verify_close: ['verifyPhotos', 'note'],
  verify_reopen: ['verifyPhotos', 'reason', 'reopenDeadline'],
  suspend: ['reason', 'reviewDate'],
  resume: ['note'],
};

interface Values {
  reason?: string;
  note?: string;
  unitId?: number;
  deadline?: Dayjs | null;
  categoryCode?: string;
  severity?: Severity;
  target?: string;
  requestedDeadline?: Dayjs | null;
  reviewDate?: Dayjs | null;
  before?: UploadFile[];
  photos?: UploadFile[];
}

interface Props {
  target: ActTarget;
  action: Act;
  onClose: () => void;
  /** After success, with the new version. */
  onDone: () => void;
  /** The case moved on (409): the caller reloads it. */
  onStale: () => void;
}

const testid = (id: string) => ({ 'data-testid': id }) as ButtonProps;

/** Finds a case by number (2026-000123) or id for a merge. */
async function resolveTarget(q: string): Promise<number | null> {
  const s = q.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const r = await casesApi.list({ q: s, pageSize: 5 });
  return r.items.find((c) => c.number === s)?.id ?? null;
}

/** One action on one case: the right fields, `version`, photos in one multipart request. */
export function ActionDialog({ target, action, onClose, onDone, onStale }: Props) {
  const { t, label } = useI18n();
  const text = useCaseText();
  const { message } = AntApp.useApp();
  const { categories } = useCategories();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const suggestion = useRef<Suggestion | undefined>(undefined);
  const onSuggestion = useCallback((s: Suggestion | undefined) => (suggestion.current = s), []);
  const fields = FIELDS[action];
  const has = (f: Field) => fields.includes(f);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const cmd: ActBody = { action, version: target.version };
    if (v.reason?.trim()) cmd.reason = v.reason.trim();
    if (v.note?.trim()) cmd.note = v.note.trim();
    if (has('dispatch')) {
      cmd.unitId = v.unitId;
      if (isOverride(v.deadline, suggestion.current?.deadline) || (!suggestion.current && v.deadline))
        cmd.deadline = fromPicker(v.deadline!);
    }
    if (has('reopenDeadline') && v.deadline) cmd.deadline = fromPicker(v.deadline);
    if (has('reclassify')) {
      if (v.categoryCode && v.categoryCode !== target.categoryCode) cmd.categoryCode = v.categoryCode;
      if (v.severity && v.severity !== target.severity) cmd.severity = v.severity;
    }
    if (has('requested') && v.requestedDeadline) cmd.requestedDeadline = fromPicker(v.requestedDeadline);
    if (has('reviewDate') && v.reviewDate) cmd.reviewDate = pickerDay(v.reviewDate);
    setBusy(true);
    try {
      if (has('target')) {
        const id = await resolveTarget(v.target ?? '');
        if (!id) {
          form.setFields([{ name: 'target', errors: [t('form.targetNotFound', { q: v.target ?? '' })] }]);
          return;
        }
        cmd.targetCaseId = id;
      }
      await casesApi.act(target.id, cmd, { photos: filesOf(v.photos), before: filesOf(v.before) });
      void message.success(t('case.done', { action: text.action(action) }));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        void message.warning(t('case.changed'));
        onStale();
      }
      // Anything else: the client showed the server's message; the dialog stays open.
    } finally {
      setBusy(false);
    }
  };

  const required = (msg: string) => [{ required: true, whitespace: true, message: msg }];
  const photosRequired = (msg: string) => [
    { validator: (_: unknown, x: UploadFile[] | undefined) => ((x?.length ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(msg))) },
  ];

  return (
    <Modal
      open
      title={`${text.action(action)} · ${target.number}`}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={text.action(action)}
      confirmLoading={busy}
      okButtonProps={testid('action-submit')}
      okType={action === 'reject' || action === 'verify_reopen' || action === 'deny_extension' ? 'danger' : 'primary'}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ categoryCode: target.categoryCode, severity: target.severity, photos: [], before: [] }}
        data-testid={`action-form-${action}`}
      >
        {has('extensionInfo') && target.pendingExtension && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('form.extensionInfo', {
              date: fmtTime(target.pendingExtension.requestedDeadline),
              reason: target.pendingExtension.reason,
            })}
          />
        )}
        {has('dispatch') && <DispatchFields caseId={target.id} form={form} onSuggestion={onSuggestion} />}
        {has('reclassify') && (
          <>
            <Form.Item name="categoryCode" label={t('case.category')} extra={t('form.reclassify')}>
              <Select
                showSearch
                optionFilterProp="label"
                options={categoryOptions(categories?.items ?? [], (l) => label(l))}
                data-testid="action-category"
              />
            </Form.Item>
            <Form.Item name="severity" label={t('case.severity')}>
              <Select options={SEVERITIES.map((s) => ({ value: s, label: text.severity(s) }))} data-testid="action-severity" />
            </Form.Item>
          </>
        )}
        {has('target') && (
          <Form.Item name="target" label={t('form.target')} rules={required(t('form.targetRequired'))}>
            <Input placeholder="2026-000123" data-testid="action-target" />
          </Form.Item>
        )}
        {has('requested') && (
          <Form.Item
            name="requestedDeadline"
            label={t('form.requestedDeadline')}
            rules={[{ required: true, message: t('form.requestedDeadlineRequired') }]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              disabledDate={(d) => d.isBefore(toPicker(target.deadline), 'day')}
              data-testid="action-requested-deadline"
            />
          </Form.Item>
        )}
        {has('reviewDate') && (
          <Form.Item name="reviewDate" label={t('form.reviewDate')} rules={[{ required: true, message: t('form.reviewDateRequired') }]}>
            <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} disabledDate={beforeBeijingToday} data-testid="action-review-date" />
          </Form.Item>
        )}
        {has('before') && (
          <Form.Item name="before" label={t('form.beforePhotos')}>
            <PhotoPicker data-testid="action-before" />
          </Form.Item>
        )}
        {has('after') && (
          <Form.Item name="photos" label={t('form.afterPhotos')} rules={photosRequired(t('form.afterPhotosRequired'))}>
            <PhotoPicker data-testid="action-photos" />
          </Form.Item>
        )}
        {has('verifyPhotos') && (
          <Form.Item name="photos" label={t('form.verifyPhotos')} rules={photosRequired(t('form.verifyPhotosRequired'))}>
            <PhotoPicker data-testid="action-photos" />
          </Form.Item>
        )}
        {has('reopenDeadline') && (
          <Form.Item name="deadline" label={t('form.reopenDeadline')}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              disabledDate={beforeBeijingToday}
              data-testid="action-deadline"
            />
          </Form.Item>
        )}
        {has('reason') && (
          <Form.Item name="reason" label={t('form.reason')} rules={[...required(t('form.reasonRequired')), { max: 1000 }]}>
            <Input.TextArea rows={3} maxLength={1000} showCount data-testid="action-reason" />
          </Form.Item>
        )}
        {(has('note') || has('noteRequired')) && (
          <Form.Item
            name="note"
            label={t('form.note')}
            rules={has('noteRequired') ? [...required(t('form.noteRequired')), { max: 1000 }] : [{ max: 1000 }]}
          >
            <Input.TextArea rows={2} maxLength={1000} data-testid="action-note" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
