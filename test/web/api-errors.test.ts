/**
 * Server errors in the UI's language: the Chinese UI says each ERROR_CODES entry in Chinese
 * (never the server's English), an unknown code by its status; the English UI keeps the
 * server's specific message.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/shared/error-codes.js';
import { apiErrorText } from '../../web/src/components/apiErrors.js';
import { expectTextForEveryCode, translator } from '../helpers/ui-dicts.js';

const zh = (e: { status: number; code: string; message: string; details?: Record<string, unknown> }) =>
  apiErrorText(e, translator('zh'), 'zh-CN');
const en = (e: { status: number; code: string; message: string; details?: Record<string, unknown> }) =>
  apiErrorText(e, translator('en'), 'en-US');
const LATIN = /[A-Za-z]/;

describe('server errors in the UI language', () => {
  it('every error code has a Chinese and an English text, and no text is for a code the server does not send', () => {
    expectTextForEveryCode('error.code.', ERROR_CODES);
  });

  it('the Chinese UI never shows the server’s English: each code, and an unknown code of each status, in Chinese', () => {
    for (const code of ERROR_CODES) {
      const text = zh({ status: 409, code, message: `${code}: something in English`, details: { resource: 'case', id: 7 } });
      expect(text, code).not.toMatch(LATIN);
    }
    for (const status of [400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 502, 503])
      expect(zh({ status, code: 'brand_new_code', message: 'an English sentence' }), String(status)).not.toMatch(LATIN);
  });

  it('names what was not found, and says the concurrent write and the stale version plainly', () => {
    expect(zh({ status: 404, code: 'not_found', message: 'case 12 not found', details: { resource: 'case', id: 12 } })).toBe(
      '未找到该案件，可能已被删除或链接有误',
    );
    expect(zh({ status: 404, code: 'not_found', message: 'thing 1 not found', details: { resource: 'thing', id: 1 } })).toBe(
      '未找到该记录，可能已被删除或链接有误',
    );
    expect(zh({ status: 409, code: 'concurrent_write', message: 'conflict: another write…' })).toBe(
      '其他人正在同时修改相同的数据，本次未保存，请重试',
    );
    expect(zh({ status: 422, code: 'ladder_not_configured', message: 'campaign 3 has no escalation ladder' })).toBe(
      '本次活动尚未配置督办函件阶梯，请先在活动设置中配置',
    );
  });

  it('keeps a message that is already Chinese, and the English UI keeps the server’s own words', () => {
    expect(zh({ status: 409, code: 'not_closed', message: '问题办结后才能评价' })).toBe('问题办结后才能评价');
    expect(en({ status: 404, code: 'not_found', message: 'case 12 not found' })).toBe('case 12 not found');
    expect(en({ status: 500, code: 'internal', message: '' })).toBe(
      'Server error; try again later, and tell the administrator if it persists',
    );
  });

  it('says a refusal that carries its reason in both languages (details.text) by that reason in Chinese', () => {
    const text = { zh: '经度须在市域范围内（114–115.5）', en: 'must lie within the city area (114–115.5)' };
    const e = { status: 422, code: 'invalid_input', message: `lon: ${text.en}`, details: { field: 'lon', text } };
    expect(zh(e)).toBe(text.zh);
    expect(en(e)).toBe(e.message);
    // A malformed text is not trusted: the code's own text is said instead.
    const odd = { ...e, details: { field: 'lon', text: { zh: 1 } } };
    expect(zh(odd)).not.toMatch(LATIN);
    expect(zh(odd)).not.toBe(text.zh);
  });
});
