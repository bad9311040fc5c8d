import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';
import type { Channel, SurveyAnswer, SurveyKind } from '@casehub/domain';

/** One invitation as the page needs it: what the link's signature covers, and the answer. */
export interface SurveyRecord {
  id: string;
  caseId: string;
  caseNumber: number;
  contactId: string;
  kind: SurveyKind;
  askCes: boolean;
  channel: Channel;
  locale: string;
  /** Epoch seconds when the answer window closes; also signed into the link. */
  expires: number;
  answer: SurveyAnswer | null;
}

export interface Versioned<T> {
  value: T;
  revision: number;
}

/** The case's survey decision, kept so a redelivered `case.resolved` repeats it exactly. */
export interface CaseMark {
  surveyId: string;
  /** The `case.resolved` event that decided it. */
  eventId: string;
  /** When it was decided (ISO) and when its window closes (epoch seconds): fixed here, so every
   * replica and retry signs the same link. */
  decidedAt: string;
  expires: number;
}

/** Another replica wrote the key first (create) or in between (update). */
export function isConflict(err: unknown): boolean {
  return /wrong last sequence|key exists/i.test((err as Error).message);
}

/**
 * The plugin's state in one JetStream key-value bucket its replicas share: the invitation per
 * survey, the decision per case, when each contact was last invited, and contacts' opt-outs.
 */
export class SurveyState {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, stream: string): Promise<SurveyState> {
    return new SurveyState(await new Kvm(nc).create(`casehub_survey_${stream}`, { history: 1 }));
  }

  survey(id: string): Promise<Versioned<SurveyRecord> | null> {
    return this.read(`survey.${id}`);
  }

  async putSurvey(record: SurveyRecord): Promise<void> {
    await this.kv.put(`survey.${record.id}`, JSON.stringify(record));
  }

  /** Replaces the survey only if nobody changed it since `revision` (throws on a conflict). */
  async updateSurvey(record: SurveyRecord, revision: number): Promise<void> {
    await this.kv.update(`survey.${record.id}`, JSON.stringify(record), revision);
  }

  caseMark(caseId: string): Promise<Versioned<CaseMark> | null> {
    return this.read(`case.${caseId}`);
  }

  /** Claims the case's one survey; false when another decision got there first. */
  async markCase(caseId: string, mark: CaseMark): Promise<boolean> {
    try {
      await this.kv.create(`case.${caseId}`, JSON.stringify(mark));
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }

  async lastInvited(contactId: string): Promise<Date | null> {
    const v = await this.read<string>(`contact.${contactId}`);
    return v ? new Date(v.value) : null;
  }

  async recordInvited(contactId: string, at: Date): Promise<void> {
    await this.kv.put(`contact.${contactId}`, JSON.stringify(at.toISOString()));
  }

  async optedOut(contactId: string): Promise<boolean> {
    return (await this.read(`optout.${contactId}`)) !== null;
  }

  async optOut(contactId: string, at: Date): Promise<void> {
    await this.kv.put(`optout.${contactId}`, JSON.stringify(at.toISOString()));
  }

  private async read<T>(key: string): Promise<Versioned<T> | null> {
    const e = await this.kv.get(key);
    return e && e.operation === 'PUT' ? { value: e.json<T>(), revision: e.revision } : null;
  }
}
