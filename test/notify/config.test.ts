import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'dudao-notify-config-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, cwd);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('notification configuration', () => {
  it('is off by default', () => {
    expect(loadConfig({}, cwd)).toMatchObject({
      smtpUrl: null,
      mailFrom: null,
      dingtalkWebhook: null,
      dingtalkSecret: null,
      wecomWebhook: null,
    });
  });

  it('takes every channel from the environment', () => {
    const c = loadConfig(
      {
        DUDAO_SMTP_URL: 'smtps://noreply%40city.gov.cn:pw@smtp.city.gov.cn:465',
        DUDAO_MAIL_FROM: '督导平台 <noreply@city.gov.cn>',
        DUDAO_DINGTALK_WEBHOOK: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
        DUDAO_DINGTALK_SECRET: 'SECabc',
        DUDAO_WECOM_WEBHOOK: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=xyz',
      },
      cwd,
    );
    expect(c).toMatchObject({
      smtpUrl: 'smtps://noreply%40city.gov.cn:pw@smtp.city.gov.cn:465',
      mailFrom: '督导平台 <noreply@city.gov.cn>',
      dingtalkWebhook: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
      dingtalkSecret: 'SECabc',
      wecomWebhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=xyz',
    });
  });

  it('names every bad value, without echoing secrets', () => {
    const problems = problemsOf({
      DUDAO_SMTP_URL: 'http://user:hunter2@mail',
      DUDAO_DINGTALK_WEBHOOK: 'not a url',
      DUDAO_WECOM_WEBHOOK: `https://qyapi.weixin.qq.com/?key=${'x'.repeat(300)}`,
      DUDAO_MAIL_FROM: 'nobody',
    });
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems).toEqual([
      expect.stringMatching(/^DUDAO_SMTP_URL \(smtpUrl\): must be a smtp:\/\/ or smtps:\/\/ URL/),
      expect.stringMatching(/^DUDAO_DINGTALK_WEBHOOK \(dingtalkWebhook\): must be a https:\/\/ or http:\/\/ URL/),
      expect.stringMatching(/^DUDAO_WECOM_WEBHOOK \(wecomWebhook\): .*at most 300 characters/),
      expect.stringMatching(/^DUDAO_MAIL_FROM \(mailFrom\): must be an e-mail address/),
    ]);
  });

  it('needs a sender with SMTP and a webhook with a DingTalk secret', () => {
    expect(problemsOf({ DUDAO_SMTP_URL: 'smtp://mail:25' })).toEqual([
      expect.stringMatching(/mailFrom\): required when DUDAO_SMTP_URL is set/),
    ]);
    expect(problemsOf({ DUDAO_DINGTALK_SECRET: 'SECabc' })).toEqual([
      expect.stringMatching(/dingtalkSecret\): set only together with DUDAO_DINGTALK_WEBHOOK/),
    ]);
  });
});
