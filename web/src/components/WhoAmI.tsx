import { useMemo } from 'react';
import { Space, Tag, Typography } from 'antd';
import { ROLE_LABELS } from '../../../src/shared/labels.js';
import { useMe } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';

/** Unique role labels of the signed-in user, in the user's language. */
export function useRoleLabels(): string[] {
  const me = useMe();
  const { label } = useI18n();
  return useMemo(() => [...new Set(me.roles.map((r) => label(ROLE_LABELS[r.role], r.role)))], [me, label]);
}

/** Every home page says who is signed in and as what (tests assert on it too). */
export function WhoAmI() {
  const me = useMe();
  const { t } = useI18n();
  const roles = useRoleLabels();
  return (
    <Space wrap size={[8, 4]} style={{ display: 'flex', marginBottom: 16 }}>
      <Typography.Text>
        {t('home.hello')}
        <Typography.Text strong data-testid="home-user">
          {me.user.displayName}
        </Typography.Text>
      </Typography.Text>
      {me.user.unitName && <Typography.Text type="secondary">{me.user.unitName}</Typography.Text>}
      <span data-testid="home-roles">
        {roles.map((r) => (
          <Tag color="blue" key={r}>
            {r}
          </Tag>
        ))}
      </span>
    </Space>
  );
}
