import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../../database/dialect.js';

export class CreateAgents1764000000200 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'agents',
        columns: [
          c.id(),
          c.varchar('name', 200),
          c.varchar('email', 320),
          c.varchar('role', 16),
          c.ref('group_id'),
          c.bool('active', true),
          c.at('created_at'),
        ],
        indices: [{ columnNames: ['email'], isUnique: true }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('agents');
  }
}
