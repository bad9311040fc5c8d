import { describe, expect, it } from 'vitest';
import type { EventMapV1 } from '@casehub/domain';
import { smsSurveyInvitation } from './sms-survey-invitation.js';

type Invited = EventMapV1['survey.invited'];

/** The parts of a survey.invited the invitation reads; the rest does not matter here. */
const invited = (over: { channel?: string; phone?: string | null; page?: string } = {}) =>
  ({
    case: {
      number: 1042,
      contact: { phone: over.phone === undefined ? '+4915112345678' : over.phone },
    },
    survey: { id: 'sv_1', channel: over.channel ?? 'sms' },
    links: { page: over.page ?? 'https://survey.acme.example/s/abc' },
  }) as unknown as Invited;

describe('an SMS survey invitation', () => {
  it('texts the contact one sentence with the case number and the page link', () => {
    expect(smsSurveyInvitation(invited())).toEqual({
      kind: 'text',
      to: '+4915112345678',
      text: 'How did we do with case #1042? Tell us here: https://survey.acme.example/s/abc',
    });
  });

  it('leaves invitations on other channels alone', () => {
    expect(smsSurveyInvitation(invited({ channel: 'email' }))).toEqual({ kind: 'not-sms' });
  });

  it('refuses without a phone number, or with a link that is not http(s)', () => {
    expect(smsSurveyInvitation(invited({ phone: null }))).toMatchObject({ kind: 'refused' });
    expect(smsSurveyInvitation(invited({ page: 'javascript:alert(1)' }))).toEqual({
      kind: 'refused',
      reason: 'survey sv_1: javascript:alert(1) is not an http(s) link',
    });
  });
});
