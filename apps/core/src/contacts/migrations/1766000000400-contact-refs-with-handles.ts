import type { MigrationInterface, QueryRunner } from 'typeorm';

const first = (kind: string) =>
  `(SELECT i.value FROM contact_identities i WHERE i.contact_id = c.id AND i.kind = '${kind}' ORDER BY i.id LIMIT 1)`;

/**
 * contact_refs also carries every social handle of the contact (space-separated, oldest first: a
 * handle has no spaces), so social plugins find where to reach the customer in the events
 * themselves. Served by the (contact_id, kind, id) index, like the first email and phone.
 */
export class ContactRefsWithHandles1766000000400 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    const handles =
      qr.connection.options.type === 'postgres'
        ? `(SELECT string_agg(i.value, ' ' ORDER BY i.id) FROM contact_identities i WHERE i.contact_id = c.id AND i.kind = 'social')`
        : `(SELECT group_concat(h.value, ' ') FROM (SELECT i.value FROM contact_identities i WHERE i.contact_id = c.id AND i.kind = 'social' ORDER BY i.id) h)`;
    await qr.query(`DROP VIEW contact_refs`);
    await qr.query(
      `CREATE VIEW contact_refs AS SELECT c.id, c.name, ${first('email')} AS email, ${first('phone')} AS phone, ${handles} AS handles FROM contacts c`,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query(`DROP VIEW contact_refs`);
    await qr.query(
      `CREATE VIEW contact_refs AS SELECT c.id, c.name, ${first('email')} AS email, ${first('phone')} AS phone FROM contacts c`,
    );
  }
}
