/**
 * Browser errors reach the user in their language (issue 11, point 16): the mapping of
 * geolocation codes, camera and storage DOMExceptions and fetch failures to message keys,
 * and every key present in both dictionaries.
 */
import { describe, expect, it } from 'vitest';
import { browserErrorKey, browserErrorText } from '../../web/src/components/browserErrors.js';
import { enUS } from '../../web/src/i18n/en-US.js';
import { zhCN, type MessageKey } from '../../web/src/i18n/zh-CN.js';

/** What Chromium hands the error callback of getCurrentPosition. */
const geo = (code: number, message: string) => ({ code, message, PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 });
const dom = (name: string, message = 'whatever the browser says') => Object.assign(new Error(message), { name });
const zh = (k: MessageKey) => zhCN[k];
const en = (k: MessageKey) => enUS[k];

describe("browser errors in the user's language", () => {
  it.each([
    [geo(1, 'User denied Geolocation'), 'error.geo.denied'],
    [geo(2, 'Position update is unavailable'), 'error.geo.unavailable'],
    [geo(3, 'Timeout expired'), 'error.geo.timeout'],
    [dom('NotAllowedError', 'Permission denied'), 'error.camera.denied'],
    [dom('NotFoundError', 'Requested device not found'), 'error.camera.notFound'],
    [dom('NotReadableError', 'Could not start video source'), 'error.camera.busy'],
    [dom('QuotaExceededError', "Failed to execute 'setItem' on 'Storage'"), 'error.quota'],
    [Object.assign(new Error('QuotaExceededError'), { name: 'Error', code: 22 }), 'error.quota'],
    [new TypeError('Failed to fetch'), 'error.network'],
    [new TypeError('NetworkError when attempting to fetch resource.'), 'error.network'],
    [new TypeError('Load failed'), 'error.network'],
    [Object.assign(new Error('Failed to fetch'), { name: 'ApiError', code: 'network', status: 0 }), 'error.network'],
  ])('%o → %s', (e, key) => {
    expect(browserErrorKey(e)).toBe(key);
  });

  it('says "定位失败" reasons in Chinese and English without the browser\'s English', () => {
    const text = browserErrorText(geo(1, 'User denied Geolocation'), zh, 'zh-CN');
    expect(text).toMatch(/定位权限/);
    expect(text).not.toMatch(/User denied/);
    expect(browserErrorText(geo(1, 'User denied Geolocation'), en, 'en-US')).toMatch(/Location permission/);
    expect(browserErrorText(new TypeError('Failed to fetch'), zh, 'zh-CN')).toBe(zhCN['error.network']);
  });

  it("keeps a server's own message and hides unknown English behind a generic one", () => {
    const server = Object.assign(new Error('该单位仍有案卷'), { name: 'ApiError', code: 'conflict', status: 409 });
    expect(browserErrorKey(server)).toBeNull();
    expect(browserErrorText(server, zh, 'zh-CN')).toBe('该单位仍有案卷');
    // A server reply in English is said by its code in the Chinese UI, kept in the English one.
    const english = Object.assign(new Error('id: unit X is still referred to by 3 cases'), {
      name: 'ApiError',
      code: 'conflict',
      status: 409,
    });
    expect(browserErrorText(english, zh, 'zh-CN')).toBe(zhCN['error.code.conflict']);
    expect(browserErrorText(english, en, 'en-US')).toBe('id: unit X is still referred to by 3 cases');
    expect(browserErrorText(new Error('Something internal'), zh, 'zh-CN')).toBe(zhCN['error.generic']);
    expect(browserErrorText('string thrown', zh, 'zh-CN')).toBe(zhCN['error.generic']);
  });

  it('has every key it can return in both languages, and the Chinese ones are Chinese', () => {
    const keys = Object.keys(zhCN).filter((k) => k.startsWith('error.'));
    for (const k of keys) {
      expect(enUS[k as MessageKey], k).toBeTruthy();
      expect(zhCN[k as MessageKey], k).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
