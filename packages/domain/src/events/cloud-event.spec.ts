import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { aCaseView, anAgent } from '../testing/case-view.factory.js';
import { buildEvent, cloudEventSchema, parseEvent } from './cloud-event.js';
import { EVENT_NAMES, eventNameOfType, subjectOf, typeOf } from './event-map.js';
import { eventJsonSchemas } from './json-schemas.js';

const caseView = aCaseView();
const meta = {
  id: '0190f3a2-0000-7000-8000-000000000001',
  source: '/casehub/core',
  time: new Date('2025-01-06T09:00:00Z'),
  subject: caseView.id,
  sequence: 1,
};
const created = () => buildEvent('case.created', { case: caseView, actor: anAgent() }, meta);

describe('buildEvent', () => {
  it('wraps the data in a CloudEvents 1.0 envelope', () => {
    const event = created();
    expect(cloudEventSchema.safeParse(event).success).toBe(true);
    expect(event).toEqual({
      specversion: '1.0',
      id: meta.id,
      source: '/casehub/core',
      type: 'casehub.case.created.v1',
      time: '2025-01-06T09:00:00.000Z',
      subject: caseView.id,
      datacontenttype: 'application/json',
      sequence: 1,
      data: { case: caseView, actor: { type: 'agent', id: 'agent-1' } },
    });
  });

  it('leaves sequence out when the change has none', () => {
    const event = buildEvent(
      'case.created',
      { case: caseView, actor: anAgent() },
      { ...meta, sequence: undefined },
    );
    expect(event).not.toHaveProperty('sequence');
  });

  it('refuses data that breaks the contract, so the core never emits a malformed event', () => {
    const notAStatus = aCaseView({ status: 'archived' as never });
    expect(() => buildEvent('case.created', { case: notAStatus, actor: anAgent() }, meta)).toThrow(
      ZodError,
    );
  });

  it('refuses an event that lacks a field its name requires', () => {
    const noFromTo = { case: caseView, actor: anAgent() } as never;
    expect(() => buildEvent('case.status_changed', noFromTo, meta)).toThrow(ZodError);
  });
});

describe('parseEvent', () => {
  it('reads back what buildEvent wrote, after a trip through JSON', () => {
    const event = created();
    expect(parseEvent('case.created', JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('refuses an event of another type', () => {
    expect(() => parseEvent('case.resolved', created())).toThrow(
      'Expected an event of type casehub.case.resolved.v1, got casehub.case.created.v1.',
    );
  });

  it('refuses an envelope that is not CloudEvents 1.0', () => {
    expect(() => parseEvent('case.created', { ...created(), specversion: '0.3' })).toThrow(
      ZodError,
    );
  });

  it('refuses an event whose data breaks the contract', () => {
    const event = created();
    const broken = { ...event, data: { ...event.data, case: { ...caseView, number: 0 } } };
    expect(() => parseEvent('case.created', broken)).toThrow(ZodError);
  });
});

describe('event names', () => {
  it('publishes on casehub.v1.<name>', () => {
    expect(subjectOf('case.created')).toBe('casehub.v1.case.created');
  });

  it('puts test streams under their own prefix', () => {
    expect(subjectOf('case.created', 'test_42')).toBe('test_42.v1.case.created');
  });

  it('types events as casehub.<name>.v1', () => {
    expect(typeOf('case.status_changed')).toBe('casehub.case.status_changed.v1');
  });

  it('finds the name behind every type it publishes', () => {
    for (const name of EVENT_NAMES) expect(eventNameOfType(typeOf(name))).toBe(name);
  });

  it.each([
    'casehub.case.created.v2',
    'casehub.case.deleted.v1',
    'case.created',
    'casehub.toString.v1',
  ])('knows no event behind %j', (type) => {
    expect(eventNameOfType(type)).toBeNull();
  });
});

describe('eventJsonSchemas', () => {
  const schemas = eventJsonSchemas();

  it('has one schema per event, keyed by its type', () => {
    expect(Object.keys(schemas).sort()).toEqual(EVENT_NAMES.map(typeOf).sort());
  });

  it.each(EVENT_NAMES)('describes %s as a draft 2020-12 schema that requires data', (name) => {
    const schema = schemas[typeOf(name)];
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`https://casehub.dev/schemas/${typeOf(name)}.json`);
    expect(schema.required).toEqual(
      expect.arrayContaining(['specversion', 'id', 'type', 'subject', 'data']),
    );
    expect(schema.properties).toMatchObject({ type: { const: typeOf(name) } });
  });
});
