import { describe, expect, it } from 'vitest';
import { humanLine, logFormatOf } from './log-format.js';

const at = Date.parse('2026-12-07T14:03:07Z');
const time = new Date(at).toTimeString().slice(0, 8);

describe('LOG_FORMAT', () => {
  it('is pretty in a terminal and JSON into a pipe, unless set', () => {
    expect(logFormatOf({}, true)).toBe('pretty');
    expect(logFormatOf({}, false)).toBe('json');
    expect(logFormatOf({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormatOf({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
  });
});

describe('humanLine', () => {
  it("drops Nest's start-up chatter, keeps what a person needs", () => {
    const boot = {
      level: 30,
      time: at,
      context: 'RouterExplorer',
      msg: 'Mapped {/v1/cases, POST}',
    };
    expect(humanLine(JSON.stringify(boot), 'core')).toBeNull();
    const plugin = {
      level: 'log',
      timestamp: at,
      context: 'InstanceLoader',
      message: 'X initialized',
    };
    expect(humanLine(JSON.stringify(plugin), 'email')).toBeNull();
    const said = { level: 30, time: at, context: 'NatsService', msg: 'connected to NATS' };
    expect(humanLine(JSON.stringify(said), 'core')).toBe(`${time} core     connected to NATS`);
  });

  it('writes a request as method, path, status and time', () => {
    const req = {
      level: 30,
      time: at,
      method: 'POST',
      path: '/v1/cases',
      statusCode: 201,
      responseTime: 3.6,
      msg: 'request completed',
    };
    expect(humanLine(JSON.stringify(req), 'core')).toBe(
      `${time} core     POST /v1/cases 201 (4 ms)`,
    );
  });

  it('marks warnings and errors, with the error message', () => {
    const warn = {
      level: 'warn',
      timestamp: at,
      context: 'JetStream:email',
      message: 'retrying in 500 ms',
    };
    expect(humanLine(JSON.stringify(warn), 'email')).toBe(
      `${time} email    WARN  retrying in 500 ms`,
    );
    const err = {
      level: 50,
      time: at,
      msg: 'NATS connection failed',
      err: { message: 'ECONNREFUSED' },
    };
    expect(humanLine(JSON.stringify(err), 'core')).toBe(
      `${time} core     ERROR NATS connection failed: ECONNREFUSED`,
    );
  });

  it('keeps a line that is not JSON, labelled', () => {
    expect(humanLine('casehub: core listening on http://localhost:3000', 'core')).toMatch(
      /^\d\d:\d\d:\d\d core {5}casehub: core listening on http:\/\/localhost:3000$/,
    );
  });
});
