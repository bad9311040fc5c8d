import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../../database/dialect.js';

export class CreateMessages1764000000600 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'messages',
        columns: [
          c.id(),
          c.ref('case_id', false),
          c.varchar('visibility', 16),
          c.varchar('author_type', 16),
          c.varchar('author_id', 100, true),
          c.text('body'),
          c.json('attachments'),
          c.varchar('channel', 16, true),
          c.varchar('provider_message_id', 998, true),
          c.varchar('delivery_status', 16, true),
          c.text('delivery_error', true),
          c.at('created_at'),
        ],
        indices: [
          { columnNames: ['case_id', 'created_at'] },
          // One row per provider message: a redelivered inbound event cannot add it twice.
          {
            name: 'messages_provider_id',
            columnNames: ['channel', 'provider_message_id'],
            isUnique: true,
          },
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('messages');
  }
}
