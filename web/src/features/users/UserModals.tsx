import { useEffect, useState } from 'react';
import { App as AntApp, Form, Input, Modal, Switch } from 'antd';
import { usersApi, type User } from '../../api/users.js';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.js';
import { useI18n } from '../../i18n/i18n.js';
import { isPendingRequest } from '../admin-requests/pending.js';
import { RolesEditor, type RolePair } from './RolesEditor.js';

interface UserValues {
  username: string;
  displayName: string;
  password: string;
  unitId: number | null;
  phone: string;
  email: string;
  active: boolean;
  roles: RolePair[];
}

const emptyToNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/** Create (user undefined) or edit a user's profile. Roles are edited separately when editing. */
export function UserFormModal({ open, user, onClose, onSaved }: { open: boolean; user?: User; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<UserValues>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user) {
      form.setFieldsValue({
        displayName: user.displayName,
        unitId: user.unitId,
        phone: user.phone ?? '',
        email: user.email ?? '',
        active: user.active,
      });
    } else {
      form.setFieldsValue({ roles: [], active: true });
    }
  }, [open, user, form]);

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (user) {
        const res = await usersApi.update(user.id, {
          displayName: v.displayName,
          unitId: v.unitId ?? null,
          phone: emptyToNull(v.phone),
          email: emptyToNull(v.email),
          active: v.active,
        });
        if (isPendingRequest(res)) void message.info(t('adminRequest.pending'));
        else void message.success(t('common.saved'));
      } else {
        const res = await usersApi.create({
          username: v.username.trim(),
          displayName: v.displayName,
          password: v.password,
          ...(v.unitId ? { unitId: v.unitId } : {}),
          ...(emptyToNull(v.phone) ? { phone: emptyToNull(v.phone) } : {}),
          ...(emptyToNull(v.email) ? { email: emptyToNull(v.email) } : {}),
          roles: v.roles ?? [],
        });
        if (isPendingRequest(res)) void message.info(t('adminRequest.pending'));
        else void message.success(t('common.created'));
      }
      onSaved();
    } catch {
      // Shown by the client (duplicate name, weak password, role not grantable…).
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={user ? t('user.edit') : t('user.create')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      width={640}
      forceRender
    >
      <Form<UserValues> form={form} layout="vertical" data-testid="user-form">
        {!user && (
          <Form.Item name="username" label={t('user.username')} rules={[{ required: true, whitespace: true }]}>
            <Input autoComplete="off" data-testid="user-username" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={t('user.displayName')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="user-display-name" />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label={t('user.initialPassword')} rules={[{ required: true }]} extra={t('user.passwordHint')}>
            <Input.Password autoComplete="new-password" data-testid="user-password" />
          </Form.Item>
        )}
        <Form.Item name="unitId" label={t('user.unit')}>
          <UnitTreeSelect />
        </Form.Item>
        <Form.Item name="phone" label={t('user.phone')}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('user.email')} rules={[{ type: 'email' }]}>
          <Input />
        </Form.Item>
        {user ? (
          <Form.Item name="active" label={t('user.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : (
          <Form.Item label={t('user.roles')}>
            <RolesEditor />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** PUT /api/users/:id/roles — replaces the whole set. */
export function RolesModal({ user, onClose, onSaved }: { user: User | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ roles: RolePair[] }>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (user) form.setFieldsValue({ roles: user.roles.map((r) => ({ role: r.role, unitId: r.unitId })) });
  }, [user, form]);

  async function submit() {
    if (!user) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      const res = await usersApi.setRoles(user.id, v.roles ?? []);
      // An administrator role, or an administrator's account: another administrator must approve (三员分立).
      if (isPendingRequest(res)) void message.info(t('adminRequest.pending'));
      else void message.success(t('common.saved'));
      onSaved();
    } catch {
      // Shown by the client (e.g. admin roles need a security administrator).
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={user !== null}
      title={t('user.rolesOf', { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      width={640}
      forceRender
    >
      <Form form={form} layout="vertical">
        <RolesEditor />
      </Form>
    </Modal>
  );
}

/** POST /api/users/:id/password — a security administrator sets a new password. */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (user) form.resetFields();
  }, [user, form]);

  async function submit() {
    if (!user) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      const res = await usersApi.resetPassword(user.id, v.password);
      if (isPendingRequest(res)) void message.info(t('adminRequest.pending'));
      else void message.success(t('user.passwordReset', { name: user.displayName }));
      onClose();
    } catch {
      // Shown by the client (password policy).
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={user !== null}
      title={t('user.resetPasswordOf', { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      forceRender
    >
      <Form form={form} layout="vertical">
        <Form.Item name="password" label={t('user.newPassword')} rules={[{ required: true }]} extra={t('user.passwordHint')}>
          <Input.Password autoComplete="new-password" data-testid="reset-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
