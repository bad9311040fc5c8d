/** Test accounts: SIDs in Twilio's format, tokens made up. */
export const account = {
  sid: 'AC0123456789abcdef0123456789abcdef',
  authToken: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
} as const;

export const otherAccount = {
  sid: 'ACfedcba9876543210fedcba9876543210',
  authToken: '00112233445566778899aabbccddeeff',
} as const;

export const basicAuth = (sid: string, token: string) =>
  'Basic ' + Buffer.from(`${sid}:${token}`).toString('base64');

/** Sends a message the way a plugin does: a form POST with Basic auth. */
export async function postMessage(
  baseUrl: string,
  fields: Record<string, string | string[]>,
  options: {
    sid?: string;
    authToken?: string;
    pathSid?: string;
    authorization?: string | null;
  } = {},
) {
  const sid = options.sid ?? account.sid;
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  }
  const authorization =
    options.authorization === undefined
      ? basicAuth(sid, options.authToken ?? account.authToken)
      : options.authorization;
  const response = await fetch(
    `${baseUrl}/2010-04-01/Accounts/${options.pathSid ?? sid}/Messages.json`,
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(authorization === null ? {} : { Authorization: authorization }),
      },
      body: form,
    },
  );
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as any,
  };
}
