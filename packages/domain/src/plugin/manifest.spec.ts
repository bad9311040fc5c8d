import { describe, expect, it } from 'vitest';
import {
  CONTRACT_VERSION,
  contractCompatible,
  controlSubject,
  pluginManifestSchema,
} from './manifest.js';

describe('plugin manifest and contract version', () => {
  it('accepts plugins built for the same major, refuses other majors', () => {
    expect(contractCompatible('1.0', '1.4')).toBe(true);
    expect(contractCompatible('1.3', '1.0')).toBe(true);
    expect(contractCompatible('1.0', '2.0')).toBe(false);
    expect(contractCompatible(CONTRACT_VERSION, CONTRACT_VERSION)).toBe(true);
  });

  it('validates a manifest and names what is wrong', () => {
    const ok = {
      name: 'webhook',
      version: '0.1.0',
      contract: '1.0',
      consumes: ['case.created'],
      channels: [],
    };
    expect(pluginManifestSchema.parse(ok)).toMatchObject(ok);
    const bad = pluginManifestSchema.safeParse({ ...ok, name: 'web hook', contract: 'v1' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path[0]).sort()).toEqual(['contract', 'name']);
  });

  it("keeps control subjects out of the event stream's casehub.v1.> space", () => {
    expect(controlSubject('register')).toBe('casehub.control.plugins.register');
    expect(controlSubject('heartbeat', 't1.casehub')).not.toMatch(/\.v1\./);
  });
});
