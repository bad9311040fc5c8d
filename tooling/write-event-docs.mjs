#!/usr/bin/env node
// Writes the published event contract from packages/domain: docs/schemas/<type>.json for every
// event and the catalogue docs/events.md. With --check, writes nothing and exits 1 when the files
// on disk differ from what would be generated (CI keeps the docs in sync with the code this way).
//
//   pnpm --filter @casehub/domain build && node tooling/write-event-docs.mjs [--check]

import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const domainDist = join(root, 'packages/domain/dist/index.js');
const docsDir = join(root, 'docs');
const schemasDir = join(docsDir, 'schemas');
const check = process.argv.includes('--check');

/** What each event means, in one line. Every published event must have one. */
const MEANINGS = {
  'case.created':
    'A new case was opened: by an agent, through the API, or from a customer contact on a channel.',
  'case.updated':
    'Fields of a case changed (subject, priority, tags, custom fields, business impact...); `changed` names them.',
  'case.status_changed': 'A case moved through its lifecycle, from one status to another.',
  'case.assigned':
    'A case was given to another agent or group. Its owner does not change ("touch and hold").',
  'case.escalated':
    'A case was escalated (warm transfer) to a higher tier or another group, with who, why and when.',
  'case.resolved':
    'The team considers the case solved; the customer can still reopen it by answering.',
  'case.reopened': 'A resolved case was opened again, by a customer contact or by an agent.',
  'case.closed': 'A case is final; a later customer contact opens a follow-up case linked to it.',
  'message.created':
    'A message was added to a case. A public message written by an agent is a reply for a channel plugin to deliver.',
  'interaction.recorded':
    'A customer contact (call, chat, email exchange) was logged with its talk, hold and wrap-up time.',
  'inbound.message':
    'From a channel plugin to the core: a customer wrote in. The core threads it onto its case (reopening a resolved one, opening a follow-up for a closed one) or opens a new case.',
  'inbound.delivery':
    'From a channel plugin to the core: what became of a public reply it was asked to deliver (sent, delivered, failed, bounced).',
  'inbound.consent':
    'From a channel plugin to the core: the provider reported that a customer opted out of (or back into) messages on a channel, e.g. Twilio’s error 21610. A message that is only a keyword (STOP, START) needs no such event: the core reads it from `inbound.message`.',
  'contact.opted_out':
    'A contact opted out of messages on a channel (STOP, or the provider said so). The core then refuses to queue public replies and survey invitations to them on that channel: replies are kept with `deliveryStatus: failed`, `deliveryError: opted_out`.',
  'contact.opted_in': 'A contact opted back into messages on a channel (START, UNSTOP, YES).',
  'survey.invited':
    'The survey plugin chose to survey a resolved case: the channel plugin of the case’s channel sends the invitation with its one-click score links and unsubscribe link.',
  'survey.skipped':
    'The survey plugin chose not to survey a resolved case; `survey.skipReason` says why (throttled, not sampled, opted out, ...).',
  'survey.responded':
    'A customer answered a survey (CSAT or NPS score, optional CES and comment), or changed their answer; `firstAnswer` tells which.',
  'inbound.survey_decision':
    'From the survey plugin to the core: whether a resolved case is surveyed (with the invitation’s links) or not (with the reason). The core records it and emits `survey.invited` or `survey.skipped`.',
  'inbound.survey_response':
    'From the survey plugin to the core: a customer’s answer on the survey page; a later revision replaces an earlier one. The core stores it on the case and emits `survey.responded`.',
};

/** Used when the schema itself carries no description; the schema's own description wins. */
const FIELD_NOTES = {
  case: 'The case as it is after the change (see [the case in every event](#the-case-in-every-event)).',
  actor: 'Who caused the change.',
  contact: 'The contact as cases show it (its name, first email and first phone).',
  'contact.opted_out/at': 'When the customer said so (the message’s or the provider’s time).',
  'contact.opted_in/at': 'When the customer said so (the message’s or the provider’s time).',
  'case.status_changed/from': 'Status before the change.',
  'case.status_changed/to': 'Status after the change.',
  'case.assigned/fromAssigneeId': 'The agent who worked the case before, if any.',
  'case.assigned/toAssigneeId':
    'The agent who works it now; null when it waits in the group queue.',
  'case.assigned/groupId': 'The group the case belongs to now.',
  'case.escalated/escalation': 'The record of the escalation.',
  'case.reopened/reason': 'What reopened the case.',
  'message.created/message':
    'The message. Deliver it to the customer when `visibility` is `"public"`.',
  'interaction.recorded/interaction':
    'The interaction; talk + hold + wrap-up seconds make its handle time (AHT).',
};

let domain;
try {
  domain = await import(domainDist);
} catch (e) {
  console.error(
    `Cannot load ${relative(root, domainDist)} (${e.message}).\n` +
      'Build the domain package first: pnpm --filter @casehub/domain build',
  );
  process.exit(2);
}

/** `casehub.case.created.v1` → { name: 'case.created', version: 'v1' }. */
function parseType(type) {
  const m = /^casehub\.(.+)\.(v\d+)$/.exec(type);
  if (!m) throw new Error(`Unexpected event type ${type}: expected casehub.<name>.v<N>.`);
  return { name: m[1], version: m[2] };
}

/** A short TypeScript-like rendering of a JSON Schema type. */
function typeName(s) {
  if (!s || typeof s !== 'object') return 'any';
  if (s.$ref) return s.$ref.split('/').pop();
  if ('const' in s) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.anyOf || s.oneOf) return (s.anyOf ?? s.oneOf).map(typeName).join(' | ');
  if (Array.isArray(s.type)) return s.type.map((t) => typeName({ ...s, type: t })).join(' | ');
  switch (s.type) {
    case 'array': {
      const item = typeName(s.items);
      return item.includes(' | ') ? `(${item})[]` : `${item}[]`;
    }
    case 'string':
      return s.format ? `string (${s.format})` : 'string';
    case 'object':
      if (s.properties) return 'object';
      return s.additionalProperties && s.additionalProperties !== true
        ? `record<string, ${typeName(s.additionalProperties)}>`
        : 'record';
    case undefined:
      return 'any';
    default:
      return s.type;
  }
}

/** The object behind a field, if it is one (possibly nullable or an array of objects). */
function objectOf(s) {
  if (s?.type === 'object' && s.properties) return s;
  if (s?.type === 'array') return objectOf(s.items);
  for (const alt of s?.anyOf ?? []) {
    const o = objectOf(alt);
    if (o) return o;
  }
  return null;
}

/** One list item per field, with the fields of an object field one level deeper when `expand` allows. */
function fieldLines(schema, { indent = '', notes = () => undefined, expand = () => false } = {}) {
  const required = new Set(schema.required ?? []);
  const lines = [];
  for (const [field, s] of Object.entries(schema.properties ?? {})) {
    const optional = required.has(field) ? '' : ', optional';
    const note = s.description ?? notes(field);
    lines.push(`${indent}- \`${field}\` (\`${typeName(s)}\`${optional})${note ? `: ${note}` : ''}`);
    const inner = expand(field) ? objectOf(s) : null;
    if (inner) lines.push(...fieldLines(inner, { indent: `${indent}  ` }));
  }
  return lines;
}

function renderCatalogue(schemas) {
  const events = Object.entries(schemas).map(([type, schema]) => ({
    type,
    schema,
    ...parseType(type),
  }));
  const missing = events.filter((e) => !MEANINGS[e.name]).map((e) => e.name);
  if (missing.length) {
    throw new Error(
      `Add a one-line meaning to MEANINGS in tooling/write-event-docs.mjs for: ${missing.join(', ')}`,
    );
  }
  const caseSchema = events[0]?.schema.properties.data.properties.case;

  const out = [
    '<!-- Generated by tooling/write-event-docs.mjs from packages/domain. Do not edit by hand: change the',
    '     schemas in packages/domain/src/events, build, then run `node tooling/write-event-docs.mjs`. -->',
    '',
    '# Events',
    '',
    'Every change to a case becomes an event on NATS JetStream. Channel plugins, connectors and your own',
    'integrations react to these events; this page is the contract they can rely on. The core writes each',
    'event in the same database transaction as the change (transactional outbox), so none is lost, and',
    'JetStream de-duplicates re-publications.',
    '',
    '## The envelope',
    '',
    'Events are [CloudEvents 1.0](https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md) in',
    'JSON:',
    '',
    '- `specversion`: always `"1.0"`.',
    '- `id`: unique per event, and also the JetStream `Nats-Msg-Id` header: JetStream drops a',
    '  re-published event within the stream’s duplicate window, and a handler de-duplicates on it (keep',
    '  an inbox keyed by `id`).',
    '- `source`: the CaseHub instance that emitted the event.',
    '- `type`: `casehub.<name>.v1`, e.g. `casehub.case.created.v1`.',
    '- `time`: when the change happened (RFC 3339).',
    '- `subject`: the id of the case the event is about.',
    '- `datacontenttype`: always `"application/json"`.',
    '- `sequence` (optional): the case version after the change; it grows with every change to that',
    '  case, so a consumer can order a case’s events and notice a gap.',
    '- `hubid` (optional; a CloudEvents extension): the id of the hub (one CaseHub installation, made',
    '  with its database) that emitted the event. The hub’s stream names the same id in its',
    '  description (`CaseHub hub <id>`); the SDK passes over an event of another hub. Events written',
    '  before hubs had ids have none.',
    '- `data`: the payload, described per event below.',
    '',
    'Trace context (W3C `traceparent`) travels in the NATS message headers, not in the envelope.',
    '',
    'The NATS subject of an event is `casehub.v1.<name>`, e.g. `casehub.v1.case.created`; subscribe to',
    '`casehub.v1.case.>` for every case event. JSON Schemas (draft 2020-12) of every event, envelope',
    'included, are in [`docs/schemas/`](schemas/).',
    '',
    '## Versioning',
    '',
    'Each event name carries a version, in its subject (`casehub.v1.…`) and its type (`….v1`). A breaking',
    'change to an event is published as a new version (`casehub.v2.<name>`, type `casehub.<name>.v2`) beside',
    'the old one, and both are emitted for a deprecation window so consumers can move at their own pace.',
    '',
    '## Inbound subjects',
    '',
    'Plugins feed customer contacts back to the core on the same durable stream:',
    '`casehub.v1.inbound.message`, `casehub.v1.inbound.delivery` and `casehub.v1.inbound.consent` (below;',
    'publish them with `InboundPublisher` from `@casehub/plugin-sdk`). Their CloudEvents `subject` is not a',
    "case id but the sender (`<kind>:<address>`, so one customer's messages are taken in order) for",
    'messages and consent, the CaseHub message id for deliveries; the event `id` de-duplicates a retried publish, and the core',
    'records a provider message id once whatever its event id. The survey plugin publishes',
    '`casehub.v1.inbound.survey_decision` and `casehub.v1.inbound.survey_response` with the case id as',
    'their `subject`.',
    '',
    '## Catalogue',
    '',
    ...events.map(
      (e) => `- [\`${e.name}\`](#${e.name.replace(/[^a-z0-9_ -]/g, '')}): ${MEANINGS[e.name]}`,
    ),
    '',
  ];

  if (caseSchema) {
    out.push(
      '## The case in every event',
      '',
      'The `data` of every event about a case carries `case` (the case as it is after the change) and',
      '`actor` (who caused it); the `contact.*` events carry the contact instead, with the contact id',
      'as their `subject`. `case` has the same shape as a case in the REST API:',
      '',
      ...fieldLines(caseSchema, { expand: () => true }),
      '',
    );
  }

  for (const e of events) {
    const schemaFile = `schemas/${e.type}.json`;
    out.push(
      `## ${e.name}`,
      '',
      MEANINGS[e.name],
      '',
      `- Subject: \`casehub.${e.version}.${e.name}\``,
      `- Type: \`${e.type}\``,
      `- Schema: [${schemaFile}](${schemaFile})`,
      '',
      'Fields of `data`:',
      '',
      ...fieldLines(e.schema.properties.data, {
        notes: (field) => FIELD_NOTES[`${e.name}/${field}`] ?? FIELD_NOTES[field],
        // The case is described once, above; everything else is shown down to its own fields.
        expand: (field) => field !== 'case',
      }),
      '',
    );
  }
  return out.join('\n');
}

/** Every file this script owns, path → content. */
function generate() {
  const schemas = domain.eventJsonSchemas();
  const files = new Map();
  for (const [type, schema] of Object.entries(schemas)) {
    files.set(join(schemasDir, `${type}.json`), `${JSON.stringify(schema, null, 2)}\n`);
  }
  files.set(join(docsDir, 'events.md'), renderCatalogue(schemas));
  return files;
}

/** Schema files this script wrote once but would not write now (an event was removed or renamed). */
function staleSchemas(files) {
  if (!existsSync(schemasDir)) return [];
  return readdirSync(schemasDir)
    .filter((f) => /^casehub\..+\.json$/.test(f))
    .map((f) => join(schemasDir, f))
    .filter((p) => !files.has(p));
}

const files = generate();
const stale = staleSchemas(files);

if (check) {
  const outOfDate = [...files]
    .filter(([path, content]) => !existsSync(path) || readFileSync(path, 'utf8') !== content)
    .map(([path]) => path);
  const problems = [
    ...outOfDate.map((p) => `out of date: ${relative(root, p)}`),
    ...stale.map((p) => `stale: ${relative(root, p)}`),
  ];
  if (problems.length) {
    console.error(
      `The event docs do not match packages/domain:\n  ${problems.join('\n  ')}\n` +
        'Run `node tooling/write-event-docs.mjs` and commit the result.',
    );
    process.exit(1);
  }
  console.log(`Event docs are up to date (${files.size} files).`);
} else {
  for (const [path, content] of files) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  for (const path of stale) rmSync(path);
  console.log(
    `Wrote ${files.size} files${stale.length ? `, removed ${stale.length} stale` : ''} under docs/.`,
  );
}
