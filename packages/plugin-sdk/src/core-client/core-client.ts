import type {
  AddMessageRequest,
  AssignRequest,
  CaseView,
  ContactView,
  CreateCaseRequest,
  CreateContactRequest,
  EscalateRequest,
  EventMapV1,
  FindContactsRequest,
  ListCasesRequest,
  MessageView,
  RecordInteractionRequest,
  TransitionRequest,
  UpdateCaseRequest,
  UpdateContactRequest,
} from '@casehub/domain';
import { CoreApiError, type Problem } from './core-api-error.js';

export type InteractionView = EventMapV1['interaction.recorded']['interaction'];
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CoreClientOptions {
  /** The core's base URL. Default: CASEHUB_URL, else http://127.0.0.1:3000. */
  url?: string;
  /** An API key (chk_…). Default: CASEHUB_API_KEY. */
  apiKey?: string;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
}

/**
 * A typed client for the core's REST API (`/v1`), for plugins that read or change cases: the
 * request and answer types are the ones the core itself validates with (`@casehub/domain`).
 * A refusal throws CoreApiError carrying the problem+json; a permanent one (4xx) dead-letters
 * the event being handled instead of retrying it.
 */
export class CoreClient {
  readonly url: string;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: CoreClientOptions = {}) {
    this.url = (
      options.url ??
      process.env.CASEHUB_URL ??
      `http://127.0.0.1:${process.env.PORT ?? 3000}`
    ).replace(/\/$/, '');
    this.apiKey = options.apiKey ?? process.env.CASEHUB_API_KEY;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  readonly cases = {
    create: (body: CreateCaseRequest) => this.call<CaseView>('POST', '/v1/cases', body),
    /** By id or by human number (`42` or `#42`). */
    get: (ref: string | number) => this.call<CaseView>('GET', `/v1/cases/${caseRef(ref)}`),
    list: (query: ListCasesRequest = {}) =>
      this.call<Page<CaseView>>('GET', `/v1/cases${queryString(query)}`),
    update: (ref: string | number, body: UpdateCaseRequest) =>
      this.call<CaseView>('PATCH', `/v1/cases/${caseRef(ref)}`, body),
    transition: (ref: string | number, body: TransitionRequest) =>
      this.call<CaseView>('POST', `/v1/cases/${caseRef(ref)}/transitions`, body),
    assign: (ref: string | number, body: AssignRequest) =>
      this.call<CaseView>('POST', `/v1/cases/${caseRef(ref)}/assign`, body),
    escalate: (ref: string | number, body: EscalateRequest) =>
      this.call<CaseView>('POST', `/v1/cases/${caseRef(ref)}/escalate`, body),
    addMessage: (ref: string | number, body: AddMessageRequest) =>
      this.call<MessageView>('POST', `/v1/cases/${caseRef(ref)}/messages`, body),
    messages: (ref: string | number) =>
      this.call<{ items: MessageView[] }>('GET', `/v1/cases/${caseRef(ref)}/messages`),
    recordInteraction: (ref: string | number, body: RecordInteractionRequest) =>
      this.call<InteractionView>('POST', `/v1/cases/${caseRef(ref)}/interactions`, body),
    interactions: (ref: string | number) =>
      this.call<{ items: InteractionView[] }>('GET', `/v1/cases/${caseRef(ref)}/interactions`),
  };

  readonly contacts = {
    create: (body: CreateContactRequest) => this.call<ContactView>('POST', '/v1/contacts', body),
    get: (id: string) => this.call<ContactView>('GET', `/v1/contacts/${encodeURIComponent(id)}`),
    find: (query: FindContactsRequest) =>
      this.call<{ items: ContactView[] }>('GET', `/v1/contacts${queryString(query)}`),
    update: (id: string, body: UpdateContactRequest) =>
      this.call<ContactView>('PATCH', `/v1/contacts/${encodeURIComponent(id)}`, body),
  };

  /** Agents: read with any key; created and changed with an admin key (tests' set-up). */
  readonly agents = {
    list: () => this.call<{ items: AgentView[] }>('GET', '/v1/agents'),
    get: (id: string) => this.call<AgentView>('GET', `/v1/agents/${encodeURIComponent(id)}`),
    create: (body: CreateAgentRequest) => this.call<AgentView>('POST', '/v1/agents', body),
  };

  /** Groups: read with any key; created with a supervisor key or higher. */
  readonly groups = {
    list: () => this.call<{ items: GroupView[] }>('GET', '/v1/groups'),
    get: (id: string) => this.call<GroupView>('GET', `/v1/groups/${encodeURIComponent(id)}`),
    create: (body: CreateGroupRequest) => this.call<GroupView>('POST', '/v1/groups', body),
  };

  /** Support tiers (1 front line, 2 specialists, …): read with any key; named by a supervisor. */
  readonly tiers = {
    list: () => this.call<{ items: TierView[] }>('GET', '/v1/tiers'),
    put: (level: number, name: string) =>
      this.call<TierView>('PUT', `/v1/tiers/${level}`, { name }),
  };

  /** Any other route of the API, with the same authentication and errors. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    if (!this.apiKey) {
      throw new Error(
        'CoreClient: no API key; set CASEHUB_API_KEY (a key with the plugin role: POST /v1/api-keys)',
      );
    }
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new CoreApiError(method, path, res.status, problemOf(res, text));
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

function caseRef(ref: string | number): string {
  return encodeURIComponent(String(ref));
}

export interface AgentView {
  id: string;
  name: string;
  email: string;
  role: 'agent' | 'supervisor' | 'admin';
  groupId: string | null;
  active: boolean;
}
export interface CreateAgentRequest {
  name: string;
  email: string;
  role?: 'agent' | 'supervisor' | 'admin';
  groupId?: string | null;
}
export interface GroupView {
  id: string;
  name: string;
  tier: number;
  description: string | null;
  createdAt: string;
}
export interface CreateGroupRequest {
  name: string;
  tier?: number;
  description?: string;
}
export interface TierView {
  level: number;
  name: string;
}

/** Lists (e.g. several statuses) go comma-separated, as the API takes them. */
function queryString(query: object): string {
  const pairs = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]): [string, string] => [k, Array.isArray(v) ? v.join(',') : String(v)]);
  return pairs.length ? `?${new URLSearchParams(pairs).toString()}` : '';
}

/** The problem+json body, or what a proxy in between said instead. */
function problemOf(res: Response, text: string): Problem {
  try {
    return JSON.parse(text) as Problem;
  } catch {
    return { title: res.statusText, detail: text.slice(0, 500) || undefined };
  }
}
