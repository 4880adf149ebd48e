import { useMemo, type CSSProperties } from 'react';
import { TreeSelect } from 'antd';
import { UNIT_KIND_LABELS } from '../../../src/shared/labels.js';
import { buildUnitTree, type UnitNode } from './unitTree.js';
import { useUnits } from './unitsStore.js';
import { useI18n } from '../i18n/i18n.js';

interface Props {
  value?: number | null;
  onChange?: (v: number | null) => void;
  /** Units that may not be chosen (a unit's own subtree when picking its parent). */
  disabledIds?: Set<number>;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  'data-testid'?: string;
}

interface Option {
  value: number;
  title: string;
  disabled: boolean;
  children: Option[];
}

export function UnitTreeSelect({ value, onChange, disabledIds, placeholder, allowClear = true, style, ...rest }: Props) {
  const { t, label } = useI18n();
  const { units, loading } = useUnits();
  const treeData = useMemo(() => {
    const toOption = (n: UnitNode): Option => ({
      value: n.unit.id,
      title: `${n.unit.name} · ${label(UNIT_KIND_LABELS[n.unit.kind])}`,
      disabled: disabledIds?.has(n.unit.id) ?? false,
      children: n.children.map(toOption),
    });
    return buildUnitTree(units).map(toOption);
  }, [units, disabledIds, label]);

  return (
    <TreeSelect<number>
      showSearch
      allowClear={allowClear}
      loading={loading}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      treeData={treeData}
      treeNodeFilterProp="title"
      placeholder={placeholder ?? t('common.selectUnit')}
      style={{ minWidth: 200, ...style }}
      popupMatchSelectWidth={false}
      data-testid={rest['data-testid']}
    />
  );
}
