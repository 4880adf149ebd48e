import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useI18n } from '../../i18n/i18n.js';

interface Props {
  open: boolean;
  title: string;
  hint?: string;
  label: string;
  /** Message shown when the text is required and left empty; omit for optional text. */
  requiredMessage?: string;
  okText: string;
  danger?: boolean;
  /** The server's limit: 4000 for replies, 500 for a withdrawal reason. */
  maxLength?: number;
  /** Test id prefix: `<id>-text`, `<id>-ok`. */
  testId: string;
  onClose: () => void;
  /** Resolves when done; a rejection keeps the dialog open (the client has shown why). */
  onSubmit: (text: string) => Promise<void>;
}

/** One text field in a dialog: signing with an optional reply, replying, withdrawing with a reason. */
export function TextModal({
  open,
  title,
  hint,
  label,
  requiredMessage,
  okText,
  danger,
  maxLength = 4000,
  testId,
  onClose,
  onSubmit,
}: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ text?: string }>();
  const [busy, setBusy] = useState(false);

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await onSubmit((v.text ?? '').trim());
      form.resetFields();
    } catch {
      // the API client has already shown the server's message
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okText={okText}
      cancelText={t('common.close')}
      okButtonProps={{ danger, 'data-testid': `${testId}-ok` }}
      destroyOnHidden
    >
      {hint && <Alert type="info" showIcon message={hint} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="text"
          label={label}
          rules={requiredMessage ? [{ required: true, whitespace: true, message: requiredMessage }] : []}
        >
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={maxLength} showCount data-testid={`${testId}-text`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
