import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../../database/dialect.js';

export class CreateInteractions1764000000700 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'interactions',
        columns: [
          c.id(),
          c.ref('case_id', false),
          c.varchar('channel', 16),
          c.varchar('direction', 16),
          c.at('started_at'),
          c.at('ended_at', true),
          c.int('talk_seconds', 0),
          c.int('hold_seconds', 0),
          c.int('wrap_up_seconds', 0),
          c.bool('abandoned', false),
          c.ref('agent_id'),
          c.text('note', true),
          c.at('created_at'),
        ],
        indices: [{ columnNames: ['case_id', 'started_at'] }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('interactions');
  }
}
