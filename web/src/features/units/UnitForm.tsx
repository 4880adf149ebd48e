import { useEffect, useMemo } from 'react';
import { Form, Input, InputNumber, Select, type FormInstance } from 'antd';
import { UNIT_KINDS, type UnitKind } from '../../../../src/shared/enums.js';
import { UNIT_KIND_LABELS } from '../../../../src/shared/labels.js';
import type { Unit, UnitCreate } from '../../api/units.js';
import { UnitTreeSelect } from '../../components/UnitTreeSelect.js';
import { UserSelect } from '../../components/UserSelect.js';
import { useI18n } from '../../i18n/i18n.js';
import { subtreeIds } from '../../components/unitTree.js';

export interface UnitValues {
  code: string;
  name: string;
  kind: UnitKind;
  parentId: number | null;
  leaderUserId: number | null;
  sortOrder: number;
}

interface Props {
  form: FormInstance<UnitValues>;
  /** The unit being edited; absent when creating. */
  unit?: Unit;
  units: readonly Unit[];
  /** Must be stable (memoized): a new object resets the form. */
  initial?: Partial<UnitValues>;
  disabled?: boolean;
  canPickLeader: boolean;
}

export function toValues(u: Unit): UnitValues {
  return {
    code: u.code,
    name: u.name,
    kind: u.kind,
    parentId: u.parentId,
    leaderUserId: u.leaderUserId,
    sortOrder: u.sortOrder,
  };
}

/**
 * The request body for a unit: a cleared number field comes back as null, which
 * the API (rightly) refuses for sortOrder, so it is left out instead.
 */
export function unitPayload(v: UnitValues): UnitCreate {
  const { sortOrder, ...rest } = v;
  return typeof sortOrder === 'number' ? { ...rest, sortOrder } : rest;
}

/** Fields shared by "edit unit" and "create child unit". */
export function UnitForm({ form, unit, units, initial, disabled, canPickLeader }: Props) {
  const { t, label } = useI18n();
  const blocked = useMemo(() => (unit ? subtreeIds(units, unit.id) : undefined), [unit, units]);

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(unit ? toValues(unit) : { sortOrder: 0, parentId: null, leaderUserId: null, ...initial });
  }, [form, unit, initial]);

  return (
    <Form<UnitValues> form={form} layout="vertical" disabled={disabled} requiredMark={!disabled} data-testid="unit-form">
      <Form.Item name="code" label={t('unit.code')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={64} data-testid="unit-code" />
      </Form.Item>
      <Form.Item name="name" label={t('unit.name')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={128} data-testid="unit-name" />
      </Form.Item>
      <Form.Item name="kind" label={t('unit.kind')} rules={[{ required: true }]}>
        <Select<UnitKind> data-testid="unit-kind" options={UNIT_KINDS.map((k) => ({ value: k, label: label(UNIT_KIND_LABELS[k]) }))} />
      </Form.Item>
      <Form.Item name="parentId" label={t('unit.parent')}>
        <UnitTreeSelect disabledIds={blocked} placeholder={t('unit.noParent')} />
      </Form.Item>
      {canPickLeader ? (
        <Form.Item name="leaderUserId" label={t('unit.leader')}>
          <UserSelect currentLabel={unit?.leaderName} />
        </Form.Item>
      ) : (
        // Without user.read the people list cannot be searched; show the name only.
        <Form.Item label={t('unit.leader')}>
          <Input disabled value={unit?.leaderName ?? ''} />
        </Form.Item>
      )}
      <Form.Item name="sortOrder" label={t('unit.sortOrder')}>
        <InputNumber step={1} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </Form>
  );
}
