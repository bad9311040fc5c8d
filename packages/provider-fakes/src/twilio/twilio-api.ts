import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBasicAuth } from './basic-auth.js';
import type { CallbackBehaviour } from './callback-behaviour.js';
import { createMessage } from './create-message.js';
import { deliveryTimeline } from './delivery-timeline.js';
import type { FakeTwilioAccount } from './fake-twilio-options.js';
import { formParams } from './form-params.js';
import { replyJson } from './http-reply.js';
import { messageResource } from './message-resource.js';
import { rfc2822Date } from './rfc2822-date.js';
import type { StatusCallbacks } from './status-callbacks.js';
import type { StoredMessage, TwilioState } from './twilio-state.js';
import { twilioErrors, type TwilioError } from './twilio-error.js';

type Reply = (status: number, body: unknown, headers?: Readonly<Record<string, string>>) => void;

interface Route {
  accountSid: string;
  /** What follows `/Accounts/{AccountSid}`: '.json', '/Messages.json', '/Messages/SM….json', … */
  rest: string;
}

/** The part of Twilio's REST API (2010-04-01) the fake serves: accounts, messages and their media. */
export class TwilioApi {
  constructor(
    private readonly state: TwilioState,
    private readonly callbacks: StatusCallbacks,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const form = /application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')
      ? new URLSearchParams(raw)
      : new URLSearchParams();
    const params = formParams(method === 'GET' ? url.searchParams : form);
    let accountSid: string | null = null;
    const reply: Reply = (status, body, headers = {}) => {
      this.state.requests.push({
        method,
        path: url.pathname,
        accountSid,
        params,
        status,
        errorCode: isErrorBody(body) ? body.code : null,
      });
      replyJson(res, status, body, headers);
    };
    const fail = (error: TwilioError) => reply(error.status, error.body, error.headers);

    const route = routeOf(url.pathname);
    if (!route) return fail(twilioErrors.notFound(url.pathname));
    const auth = this.authenticate(req.headers.authorization, route.accountSid, url.pathname);
    if ('error' in auth) return fail(auth.error);
    const account = auth.account;
    accountSid = account.sid;

    if (route.rest === '.json') {
      return method === 'GET'
        ? reply(200, accountResource(account))
        : fail(twilioErrors.methodNotAllowed(method));
    }
    if (route.rest === '/Messages.json') {
      if (method === 'POST') return this.send(account, form, reply, fail);
      if (method === 'GET') return reply(200, this.list(account, url));
      return fail(twilioErrors.methodNotAllowed(method));
    }
    const messagePath = /^\/Messages\/((?:SM|MM)[0-9a-f]{32})\.json$/.exec(route.rest);
    if (messagePath && method === 'GET') {
      const message = this.state.messages.find(
        (m) => m.sid === messagePath[1] && m.accountSid === account.sid,
      );
      return message
        ? reply(200, messageResource(message, 'current'))
        : fail(twilioErrors.notFound(url.pathname));
    }
    const mediaPath =
      /^\/Messages\/((?:SM|MM)[0-9a-f]{32})\/Media\/(ME[0-9a-f]{32})(\.json)?$/.exec(route.rest);
    if (mediaPath && method === 'GET') {
      const media = this.state.media.get(mediaPath[2]);
      if (!media || media.accountSid !== account.sid || media.messageSid !== mediaPath[1]) {
        return fail(twilioErrors.notFound(url.pathname));
      }
      if (mediaPath[3]) {
        return reply(200, {
          account_sid: media.accountSid,
          content_type: media.contentType,
          date_created: rfc2822Date(media.dateCreated),
          date_updated: rfc2822Date(media.dateCreated),
          parent_sid: media.messageSid,
          sid: media.sid,
          uri: `/2010-04-01/Accounts/${media.accountSid}/Messages/${media.messageSid}/Media/${media.sid}.json`,
        });
      }
      this.state.requests.push({
        method,
        path: url.pathname,
        accountSid,
        params,
        status: 200,
        errorCode: null,
      });
      res.writeHead(200, {
        'Content-Type': media.contentType,
        'Content-Length': media.bytes.length,
      });
      res.end(media.bytes);
      return;
    }
    return fail(twilioErrors.notFound(url.pathname));
  }

  private authenticate(
    header: string | undefined,
    pathAccountSid: string,
    path: string,
  ): { account: FakeTwilioAccount } | { error: TwilioError } {
    const credentials = parseBasicAuth(header);
    if (!credentials) return { error: twilioErrors.noCredentials() };
    const account = this.state.accounts.get(credentials.username);
    if (!account || account.authToken !== credentials.password) {
      return { error: twilioErrors.authenticate() };
    }
    if (pathAccountSid !== account.sid) {
      return {
        error: this.state.accounts.has(pathAccountSid)
          ? twilioErrors.authenticate()
          : twilioErrors.notFound(path),
      };
    }
    return { account };
  }

  private async send(
    account: FakeTwilioAccount,
    form: URLSearchParams,
    reply: Reply,
    fail: (error: TwilioError) => void,
  ): Promise<void> {
    const created = createMessage(this.state, account, form);
    if ('error' in created) return fail(created.error);
    const { message } = created;
    const behaviour: CallbackBehaviour = { ...this.state.callbackBehaviour };
    const timeline = deliveryTimeline(
      message.initialStatus,
      this.state.deliveryFailures.get(message.to),
    );
    const callbacks = this.callbacks.dispatch(message, account.authToken, timeline, behaviour);
    if (behaviour.beforeResponse) await callbacks;
    reply(201, messageResource(message, 'created'));
    // The message reaches its last status at once; its callbacks may still be on their way.
    for (const step of timeline) this.state.setStatus(message, step.status, step.errorCode);
    this.state.events.emit('message', message);
  }

  private list(account: FakeTwilioAccount, url: URL) {
    const to = url.searchParams.get('To');
    const from = url.searchParams.get('From');
    const matches = (m: StoredMessage) =>
      m.accountSid === account.sid && (!to || m.to === to) && (!from || m.from === from);
    const messages = this.state.messages.filter(matches).reverse();
    const uri = `/2010-04-01/Accounts/${account.sid}/Messages.json`;
    return {
      end: Math.max(0, messages.length - 1),
      first_page_uri: `${uri}?PageSize=${messages.length || 50}&Page=0`,
      messages: messages.map((m) => messageResource(m, 'current')),
      next_page_uri: null,
      page: 0,
      page_size: messages.length || 50,
      previous_page_uri: null,
      start: 0,
      uri: `${uri}?PageSize=${messages.length || 50}&Page=0`,
    };
  }
}

function routeOf(pathname: string): Route | undefined {
  const match = /^\/2010-04-01\/Accounts\/([A-Za-z0-9]+)((?:\.json|\/.+))$/.exec(pathname);
  return match ? { accountSid: match[1], rest: match[2] } : undefined;
}

function accountResource(account: FakeTwilioAccount) {
  const created = rfc2822Date(new Date(0));
  return {
    auth_token: account.authToken,
    date_created: created,
    date_updated: created,
    friendly_name: account.sid,
    owner_account_sid: account.sid,
    sid: account.sid,
    status: 'active',
    subresource_uris: { messages: `/2010-04-01/Accounts/${account.sid}/Messages.json` },
    type: 'Full',
    uri: `/2010-04-01/Accounts/${account.sid}.json`,
  };
}

function isErrorBody(body: unknown): body is { code: number } {
  return typeof body === 'object' && body !== null && 'more_info' in body && 'code' in body;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
