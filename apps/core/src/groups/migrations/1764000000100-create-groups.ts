import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../../database/dialect.js';

export class CreateGroups1764000000100 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'support_tiers',
        columns: [{ ...c.int('level'), isPrimary: true }, c.varchar('name', 100)],
      }),
    );
    await qr.query(
      `INSERT INTO support_tiers (level, name) VALUES (1, 'Front line'), (2, 'Specialists'), (3, 'Engineering')`,
    );
    await qr.createTable(
      new Table({
        name: 'groups',
        columns: [
          c.id(),
          c.varchar('name', 100),
          c.int('tier'),
          c.text('description', true),
          c.at('created_at'),
        ],
        indices: [{ columnNames: ['name'], isUnique: true }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('groups');
    await qr.dropTable('support_tiers');
  }
}
