import { useState } from 'react';
import { AutoComplete, DatePicker, Form, Input, Modal, Select, Space, Switch, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { beforeBeijingToday } from '../../components/time.js';
import { lettersApi } from '../../api/letters.js';
import { casesApi, type CaseListItem } from '../../api/cases.js';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.js';
import { useApi } from '../../components/useApi.js';
import { useI18n } from '../../i18n/i18n.js';
import { DueTag, StateTag } from '../cases/caseUi.js';
import type { Ladder, LetterDetailView } from '../../../../src/shared/contracts/letters.contract.js';
import { DEFAULT_TYPES, deadlineDay } from './api.js';

/** Cases still with the unit: a letter is about work the unit has not finished. */
const OPEN_AT_UNIT = 'dispatched,acknowledged,rectified';

interface DraftForm {
  unitId?: number | null;
  rungKey?: string;
  type?: string;
  title?: string;
  replyBy?: Dayjs | null;
}

/**
 * HQ drafts a letter by hand: the unit, the rung of the ladder (or, with no campaign
 * ladder to read, a letter type), the unit's cases (overdue ones by default) and an
 * optional reply date; the server writes the title, addressee and body, which the
 * draft can then be edited for before it is issued.
 */
export function DraftLetterModal({
  open,
  ladder,
  onClose,
  onCreated,
}: {
  open: boolean;
  ladder: Ladder | undefined;
  onClose: () => void;
  onCreated: (l: LetterDetailView) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<DraftForm>();
  const unitId = Form.useWatch('unitId', form) ?? null;
  const [onlyOverdue, setOnlyOverdue] = useState(true);
  const [caseIds, setCaseIds] = useState<number[]>([]);
  const [casesError, setCasesError] = useState(false);
  const [saving, setSaving] = useState(false);
  const caseQuery = {
    unitId: unitId ?? undefined,
    state: OPEN_AT_UNIT,
    overdue: onlyOverdue ? true : undefined,
    orderBy: 'deadline' as const,
    pageSize: 500,
  };
  const cases = useApi(open && unitId ? () => casesApi.list(caseQuery) : null, caseQuery);
  const rungs = [...(ladder?.rungs ?? [])].sort((a, b) => a.level - b.level);

  async function submit() {
    const v = await form.validateFields();
    if (caseIds.length === 0) {
      setCasesError(true);
      return;
    }
    setSaving(true);
    try {
      const created = await lettersApi.draft({
        // Required by the form's rule: validateFields has refused an empty unit already.
        unitId: v.unitId as number,
        ...(v.rungKey ? { rungKey: v.rungKey } : { type: v.type?.trim() }),
        caseIds,
        ...(v.title?.trim() ? { title: v.title.trim() } : {}),
        ...(v.replyBy ? { replyBy: v.replyBy.format('YYYY-MM-DD') } : {}),
      });
      form.resetFields();
      setCaseIds([]);
      onCreated(created);
    } catch {
      // the client shows the server's message, which names the field
    } finally {
      setSaving(false);
    }
  }

  const req = (message: string) => [{ required: true, whitespace: true, message }];
  return (
    <Modal
      open={open}
      title={t('letter.draftTitle')}
      width={860}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={saving}
      okText={t('letter.saveDraft')}
      okButtonProps={{ 'data-testid': 'draft-save' }}
      destroyOnHidden
    >
      <Form<DraftForm> form={form} layout="vertical" initialValues={{ rungKey: rungs[0]?.key }} preserve={false}>
        <Form.Item name="unitId" label={t('letter.unit')} rules={[{ required: true, message: t('letter.unitRequired') }]}>
          <UnitTreeSelect
            style={{ width: '100%' }}
            data-testid="draft-unit"
            onChange={() => {
              // Another unit's cases cannot go into this letter.
              setCaseIds([]);
            }}
          />
        </Form.Item>
        {rungs.length > 0 ? (
          <Form.Item name="rungKey" label={t('letter.rung')} rules={[{ required: true, message: t('letter.typeRequired') }]}>
            <Select
              data-testid="draft-rung"
              options={rungs.map((r) => ({ value: r.key, label: `${r.level}. ${r.type}${t('common.paren', { x: r.issuer.code })}` }))}
            />
          </Form.Item>
        ) : (
          <Form.Item name="type" label={t('letter.type')} rules={req(t('letter.typeRequired'))}>
            <AutoComplete data-testid="draft-type" options={DEFAULT_TYPES.map((x) => ({ value: x }))} maxLength={32} />
          </Form.Item>
        )}
        <Space wrap size={16} style={{ display: 'flex' }}>
          <Form.Item name="replyBy" label={t('letter.replyBy')} tooltip={t('letter.replyByHelp')}>
            <DatePicker disabledDate={beforeBeijingToday} data-testid="draft-reply-by" />
          </Form.Item>
          <Form.Item name="title" label={t('letter.subject')} tooltip={t('letter.titleHelp')} style={{ minWidth: 320 }}>
            <Input maxLength={300} data-testid="draft-title" />
          </Form.Item>
        </Space>
      </Form>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('letter.pickCases')}</Typography.Text>
        <Switch size="small" checked={onlyOverdue} onChange={setOnlyOverdue} data-testid="draft-only-overdue" />
        <Typography.Text type="secondary">{t('letter.onlyOverdue')}</Typography.Text>
      </Space>
      {casesError && caseIds.length === 0 && <Typography.Paragraph type="danger">{t('letter.casesRequired')}</Typography.Paragraph>}
      <Table<CaseListItem>
        rowKey="id"
        size="small"
        loading={cases.loading}
        dataSource={unitId ? (cases.data?.items ?? []) : []}
        pagination={false}
        scroll={{ y: 260, x: 640 }}
        locale={{ emptyText: unitId ? t('letter.noCases') : t('letter.unitFirst') }}
        rowSelection={{ selectedRowKeys: caseIds, onChange: (keys) => setCaseIds(keys.map(Number)) }}
        onRow={(c) => ({ 'data-testid': `draft-case-${c.id}` }) as object}
        columns={[
          { title: t('letter.caseNumber'), dataIndex: 'number', width: 130 },
          { title: t('letter.caseState'), dataIndex: 'state', width: 100, render: (_: unknown, c) => <StateTag state={c.state} /> },
          { title: t('letter.caseDesc'), dataIndex: 'description', ellipsis: true },
          { title: t('letter.caseDeadline'), dataIndex: 'deadline', width: 110, render: (d: string | null) => deadlineDay(d) },
          { title: '', key: 'due', width: 140, render: (_: unknown, c) => <DueTag c={c} /> },
        ]}
      />
    </Modal>
  );
}

interface EditForm {
  title: string;
  addressee: string;
  body?: string;
  replyBy?: Dayjs | null;
}

/** Edits a draft's text before it is issued; paragraphs are one per line. */
export function EditDraftModal({
  open,
  letter,
  onClose,
  onSaved,
}: {
  open: boolean;
  letter: LetterDetailView;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<EditForm>();
  const [saving, setSaving] = useState(false);

  async function submit() {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await lettersApi.update(letter.id, {
        version: letter.version,
        title: v.title.trim(),
        addressee: v.addressee.trim(),
        // Empty is allowed: the server then writes the body from the facts when issuing.
        body: (v.body ?? '')
          .split('\n')
          .map((p) => p.trim())
          .filter(Boolean),
        replyBy: v.replyBy ? v.replyBy.format('YYYY-MM-DD') : null,
      });
      onSaved();
    } catch {
      // shown by the client (a 409 says someone else changed the draft)
    } finally {
      setSaving(false);
    }
  }

  const req = (message: string) => [{ required: true, whitespace: true, message }];
  return (
    <Modal
      open={open}
      title={t('letter.editDraft')}
      width={760}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={saving}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'edit-save' }}
      destroyOnHidden
    >
      <Form<EditForm>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          title: letter.title,
          addressee: letter.addressee,
          body: letter.body.join('\n'),
          replyBy: letter.replyDeadline ? dayjs(deadlineDay(letter.replyDeadline)) : null,
        }}
      >
        <Form.Item name="title" label={t('letter.subject')} rules={req(t('letter.required'))}>
          <Input maxLength={300} data-testid="edit-title" />
        </Form.Item>
        <Form.Item name="addressee" label={t('letter.addressee')} rules={req(t('letter.required'))}>
          <Input maxLength={200} data-testid="edit-addressee" />
        </Form.Item>
        <Form.Item name="body" label={t('letter.body')} extra={t('letter.bodyHelp')}>
          <Input.TextArea autoSize={{ minRows: 8, maxRows: 20 }} data-testid="edit-body" />
        </Form.Item>
        <Form.Item name="replyBy" label={t('letter.replyBy')} tooltip={t('letter.replyByHelp')}>
          <DatePicker data-testid="edit-reply-by" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
