import { Segmented } from 'antd';
import type { Locale } from '../../../src/shared/enums.js';
import { useI18n } from './i18n.js';

/** Shown on the login page and in the header; the choice persists in localStorage. */
export function LanguageSwitch() {
  const { locale, setLocale } = useI18n();
  return (
    <Segmented<Locale>
      data-testid="lang-switch"
      size="small"
      value={locale}
      onChange={setLocale}
      options={[
        { value: 'zh-CN', label: <span data-testid="lang-zh">中文</span> },
        { value: 'en-US', label: <span data-testid="lang-en">English</span> },
      ]}
    />
  );
}
