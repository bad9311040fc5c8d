import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../../database/dialect.js';

export class CreateApiKeys1764000000300 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          c.id(),
          c.varchar('name', 200),
          c.varchar('role', 16),
          c.varchar('prefix', 16),
          c.varchar('hash', 64),
          c.ref('agent_id'),
          c.at('created_at'),
          c.at('last_used_at', true),
          c.at('revoked_at', true),
        ],
        indices: [{ columnNames: ['hash'], isUnique: true }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('api_keys');
  }
}
