import { useEffect, useMemo, useRef, useState } from 'react';
import { Select } from 'antd';
import { usersApi } from '../api/users.js';
import { useI18n } from '../i18n/i18n.js';

interface Props {
  value?: number | null;
  onChange?: (v: number | null) => void;
  /** Label of the current value, which may not be in the latest search page. */
  currentLabel?: string | null;
  disabled?: boolean;
}

/** Searches people by name as you type (GET /api/users?q=). */
export function UserSelect({ value, onChange, currentLabel, disabled }: Props) {
  const { t } = useI18n();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const seq = useRef(0);

  function search(q: string) {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const mine = ++seq.current;
      setLoading(true);
      usersApi
        .list({ q, pageSize: 20 })
        .then((r) => {
          if (mine === seq.current) setOptions(r.items.map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` })));
        })
        .catch(() => undefined)
        .finally(() => mine === seq.current && setLoading(false));
    }, 250);
  }

  useEffect(() => () => clearTimeout(timer.current), []);

  const merged = useMemo(() => {
    if (value == null || options.some((o) => o.value === value)) return options;
    return [{ value, label: currentLabel ?? t('common.loading') }, ...options];
  }, [options, value, currentLabel, t]);

  return (
    <Select<number>
      showSearch
      allowClear
      disabled={disabled}
      value={value ?? undefined}
      placeholder={t('common.searchUser')}
      filterOption={false}
      onSearch={search}
      onFocus={() => options.length === 0 && search('')}
      onChange={(v) => onChange?.(v ?? null)}
      notFoundContent={loading ? t('common.loading') : t('common.noData')}
      options={merged}
      loading={loading}
    />
  );
}
