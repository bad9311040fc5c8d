import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../../database/dialect.js';

export class CreateContacts1764000000400 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'contacts',
        columns: [c.id(), c.varchar('name', 200, true), c.at('created_at'), c.at('updated_at')],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'contact_identities',
        columns: [
          c.id(),
          c.ref('contact_id', false),
          c.varchar('kind', 16),
          c.varchar('value', 320),
        ],
        indices: [
          { columnNames: ['kind', 'value'], isUnique: true },
          { columnNames: ['contact_id'] },
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
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('contact_identities');
    await qr.dropTable('contacts');
  }
}
