import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTwilio } from '../src/index.js';
import { account, basicAuth, postMessage } from './support/accounts.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

/**
 * An extract of Twilio's published OpenAPI description (twilio-oai, spec/json/twilio_api_v2010.json;
 * commit and licence in its `source` field): the Message and Media schemas, the send request's
 * parameters and the documented example answer.
 */
interface PropertySchema {
  type: string;
  nullable: boolean;
  enum?: string[];
  pattern?: string;
}
const oai = JSON.parse(
  readFileSync(new URL('./support/twilio-oai-messages.json', import.meta.url), 'utf8'),
) as {
  message: { properties: Record<string, PropertySchema> };
  media: { properties: Record<string, PropertySchema> };
  createMessageRequest: {
    required: string[];
    properties: Record<string, { type: string; pattern?: string }>;
  };
  createResponseStatus: string[];
  createExample: Record<string, unknown>;
  security: Record<string, { scheme: string; type: string }>;
};

/** Every way `value` breaks `schema`: a missing or unknown property, a wrong type, enum or pattern. */
function violations(
  value: Record<string, unknown>,
  properties: Record<string, PropertySchema>,
): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(value)) {
    if (!(name in properties)) problems.push(`${name}: not in the schema`);
  }
  for (const [name, schema] of Object.entries(properties)) {
    if (!(name in value)) {
      problems.push(`${name}: missing`);
      continue;
    }
    const v = value[name];
    if (v === null) {
      if (!schema.nullable) problems.push(`${name}: null but not nullable`);
      continue;
    }
    const type = schema.type === 'integer' ? 'number' : schema.type;
    if (typeof v !== type) problems.push(`${name}: ${typeof v}, expected ${schema.type}`);
    if (schema.enum && !schema.enum.includes(v as string)) {
      problems.push(`${name}: ${JSON.stringify(v)} not in enum`);
    }
    if (schema.pattern && !(typeof v === 'string' && new RegExp(schema.pattern).test(v))) {
      problems.push(`${name}: ${JSON.stringify(v)} breaks pattern`);
    }
  }
  return problems;
}

let twilio: FakeTwilio;
beforeAll(async () => {
  twilio = await FakeTwilio.start({ accounts: [account] });
});
afterAll(() => twilio.close());

describe("shapes against Twilio's OpenAPI description", () => {
  it('has a checker that notices a wrong status, a wrong type and an unknown field', () => {
    const bad = { ...oai.createExample, status: 'bogus', num_segments: 1, surprise: true };
    expect(violations(bad, oai.message.properties)).toEqual([
      'surprise: not in the schema',
      'num_segments: number, expected string',
      'status: "bogus" not in enum',
    ]);
  });

  it('uses HTTP Basic auth, as the description does', () => {
    expect(oai.security.accountSid_authToken).toEqual({ scheme: 'basic', type: 'http' });
  });

  it('answers a send with 201 and a message resource that fits the schema', async () => {
    expect(oai.createResponseStatus).toEqual(['201']);
    const res = await postMessage(twilio.url, {
      To: '+15558675310',
      From: '+15017122661',
      Body: 'Hello! 👍',
    });
    expect(res.status).toBe(201);
    expect(violations(res.json, oai.message.properties)).toEqual([]);
    expect(Object.keys(res.json).sort()).toEqual(Object.keys(oai.createExample).sort());
  });

  it('fits the schema for a Messaging Service send with media, and on a later fetch', async () => {
    const res = await postMessage(twilio.url, {
      To: '+15558675310',
      MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
      MediaUrl: 'https://example.com/a.jpg',
    });
    expect(violations(res.json, oai.message.properties)).toEqual([]);
    const fetched = await fetch(`${twilio.url}${res.json.uri}`, {
      headers: { Authorization: basicAuth(account.sid, account.authToken) },
    });
    expect(
      violations((await fetched.json()) as Record<string, unknown>, oai.message.properties),
    ).toEqual([]);
  });

  it('serves media resources that fit the Media schema', async () => {
    const plugin = await startWebhookReceiver();
    try {
      await twilio.sendInbound({
        to: plugin.url,
        from: '+15558675310',
        toNumber: '+15017122661',
        body: '',
        media: [{ contentType: 'image/png', bytes: 'png' }],
      });
      const res = await fetch(`${plugin.received[0].params.MediaUrl0}.json`, {
        headers: { Authorization: basicAuth(account.sid, account.authToken) },
      });
      expect(
        violations((await res.json()) as Record<string, unknown>, oai.media.properties),
      ).toEqual([]);
    } finally {
      await plugin.close();
    }
  });

  it('reads the parameters the description names, with the form names it uses', () => {
    const used = [
      'To',
      'From',
      'MessagingServiceSid',
      'Body',
      'StatusCallback',
      'MediaUrl',
      'ContentSid',
    ];
    for (const name of used) expect(oai.createMessageRequest.properties).toHaveProperty(name);
    expect(oai.createMessageRequest.required).toEqual(['To']);
    expect(oai.createMessageRequest.properties.MediaUrl.type).toBe('array');
    expect(oai.createMessageRequest.properties.MessagingServiceSid.pattern).toBe(
      '^MG[0-9a-fA-F]{32}$',
    );
  });
});
