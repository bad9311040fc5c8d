import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `contact_refs`: the compact form of a contact that case views and events carry (its name,
 * first email and first phone), published by the contacts feature as a view so that other
 * features read it in their own queries without touching the contacts tables.
 */
export class CreateContactRefs1765000000100 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    const first = (kind: string) =>
      `(SELECT i.value FROM contact_identities i WHERE i.contact_id = c.id AND i.kind = '${kind}' ORDER BY i.id LIMIT 1)`;
    await qr.query(
      `CREATE VIEW contact_refs AS SELECT c.id, c.name, ${first('email')} AS email, ${first('phone')} AS phone FROM contacts c`,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query(`DROP VIEW contact_refs`);
  }
}
