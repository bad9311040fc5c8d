import { Inject, Injectable, Logger } from '@nestjs/common';
import { GraphApiError } from '../graph/graph-api-error.js';
import { GraphClient } from '../graph/graph-client.js';
import { MessengerState } from '../state/messenger-state.js';
import { handleOf, type Person } from './person.js';

/** A name is looked up again after a week (people rename themselves). */
const FRESH_MS = 7 * 24 * 3_600_000;
/** A lookup gets this long: the message waits for it before it is stored. */
const LOOKUP_MS = 3_000;

/**
 * People's names from the User Profile API (Instagram: name or user name), cached in the
 * plugin's bucket. A failed lookup is no reason to lose a message: the cached name, else none.
 */
@Injectable()
export class Profiles {
  private readonly log = new Logger('MessengerProfiles');

  constructor(
    @Inject(GraphClient) private readonly graph: GraphClient,
    @Inject(MessengerState) private readonly state: MessengerState,
  ) {}

  async nameOf(person: Person): Promise<string | null> {
    const cached = await this.state.cachedName(person);
    if (cached && cached.at > Date.now() - FRESH_MS) return cached.name;
    try {
      const name = await this.graph.nameOf(person, LOOKUP_MS);
      await this.state.cacheName(person, name);
      return name;
    } catch (err) {
      this.log.warn(`no profile name for ${handleOf(person)}: ${(err as Error).message}`);
      // Meta will not tell (#100: privacy, permissions): not asked again for a week. Anything
      // else (the network, a token being fixed) is asked again with the next message.
      if (err instanceof GraphApiError && err.code === 100 && !cached) {
        await this.state.cacheName(person, null);
      }
      return cached?.name ?? null;
    }
  }
}
