import { Button, Form, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ROLES, type Role } from '../../../../src/shared/enums.js';
import { ROLE_LABELS } from '../../../../src/shared/labels.js';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.js';
import { useI18n } from '../../i18n/i18n.js';

export interface RolePair {
  role: Role;
  unitId: number;
}

/**
 * Role + unit pairs inside a parent Form (field name `roles`). A grant covers the
 * unit's subtree; which roles the current user may grant is the server's call.
 */
export function RolesEditor() {
  const { t, label } = useI18n();
  return (
    <Form.List name="roles">
      {(fields, { add, remove }) => (
        <div data-testid="roles-editor">
          {fields.map((f) => (
            <Space key={f.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 4 }}>
              <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: t('user.roleRequired') }]}>
                <Select<Role>
                  style={{ width: 200 }}
                  placeholder={t('user.role')}
                  options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))}
                />
              </Form.Item>
              <Form.Item name={[f.name, 'unitId']} rules={[{ required: true, message: t('user.unitRequired') }]}>
                <UnitTreeSelect style={{ width: 260 }} allowClear={false} />
              </Form.Item>
              <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('common.delete')} />
            </Space>
          ))}
          <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />} data-testid="roles-add">
            {t('user.addRole')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
