import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../../database/dialect.js';

/**
 * Consent per contact, channel and topic (STOP / START, survey unsubscribes), and a counter on the contact that numbers its
 * consent events: plugins keep per-subject order by that sequence, so it must have no gaps.
 */
export class CreateContactConsents1766000000200 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'contact_consents',
        columns: [
          { ...c.ref('contact_id', false), isPrimary: true },
          { ...c.varchar('channel', 32), isPrimary: true },
          { ...c.varchar('topic', 16), isPrimary: true },
          c.varchar('state', 16),
          c.at('at'),
          c.varchar('source', 200),
        ],
        foreignKeys: [
          {
            columnNames: ['contact_id'],
            referencedTableName: 'contacts',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    // Plain ALTER TABLE: TypeORM's addColumn rebuilds a SQLite table, which the contact_refs view
    // over it forbids.
    await qr.query('ALTER TABLE contacts ADD COLUMN consent_version integer NOT NULL DEFAULT 0');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query('ALTER TABLE contacts DROP COLUMN consent_version');
    await qr.dropTable('contact_consents');
  }
}
