import { useI18n } from '../i18n/i18n.js';
import { browserErrorText } from './browserErrors.js';

/** browserErrorText bound to the current language, for components. */
export function useErrorText(): (e: unknown) => string {
  const { t, locale } = useI18n();
  return (e) => browserErrorText(e, t, locale);
}
