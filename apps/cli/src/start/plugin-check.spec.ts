import { describe, expect, it } from 'vitest';
import { settingsProblem } from './plugin-check.js';

describe('settingsProblem', () => {
  it("turns a plugin's list of bad variables into one line", () => {
    const out =
      'casehub: Invalid email plugin configuration:\n  SMTP_URL: is not set\n  EMAIL_FROM: must be an email address\n';
    expect(settingsProblem(out, 78)).toBe(
      'SMTP_URL is not set; EMAIL_FROM must be an email address',
    );
  });

  it('keeps a variable with a parenthesis, as the webhook plugin names its alternatives', () => {
    const out =
      'casehub: Invalid webhook plugin configuration:\n  WEBHOOK_TARGETS (or WEBHOOK_URL and WEBHOOK_SECRET): is not set';
    expect(settingsProblem(out, 78)).toBe(
      'WEBHOOK_TARGETS (or WEBHOOK_URL and WEBHOOK_SECRET) is not set',
    );
  });

  it('falls back to the last line, then to the exit status', () => {
    expect(settingsProblem('booting\ncasehub: cannot read the certificate\n', 1)).toBe(
      'cannot read the certificate',
    );
    expect(settingsProblem('', 1)).toBe('exit status 1');
  });
});
