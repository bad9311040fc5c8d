/**
 * A hub is one CaseHub installation: a database, created with an id (`hub` table), and the event
 * stream it owns. Several hubs may share a NATS server, each with its own stream and subjects;
 * the stream's description names its hub (nats-server 2.9 has no stream metadata), and every
 * event carries its hub's id as the CloudEvents extension `hubid`.
 */
const PREFIX = 'CaseHub hub ';

/** The description a hub gives its event stream. */
export function streamDescriptionOf(hubId: string): string {
  return PREFIX + hubId;
}

/** The hub that owns a stream, from its description; undefined for a stream no hub claimed. */
export function hubOfStream(description: string | undefined): string | undefined {
  return description?.startsWith(PREFIX) ? description.slice(PREFIX.length).trim() : undefined;
}

/** Whether an event may be taken on a hub's stream: its own, or one that names no hub (older). */
export function isEventOfHub(event: { hubid?: string }, hubId: string | undefined): boolean {
  return !hubId || !event.hubid || event.hubid === hubId;
}
