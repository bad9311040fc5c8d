import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../../database/dialect.js';

export class CreateOutbox1764000000800 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'outbox_events',
        columns: [
          c.serial('seq'),
          { ...c.id(), isPrimary: false },
          c.ref('aggregate_id', false),
          c.int('aggregate_sequence'),
          c.varchar('name', 100),
          c.varchar('subject', 200),
          c.text('payload'),
          c.varchar('traceparent', 55, true),
          c.at('created_at'),
          c.at('published_at', true),
          c.int('attempts', 0),
          c.text('last_error', true),
        ],
        indices: [
          { columnNames: ['id'], isUnique: true },
          { columnNames: ['aggregate_id', 'aggregate_sequence'], isUnique: true },
          // The relay only ever looks at unpublished rows: keep that index small.
          {
            name: 'outbox_unpublished',
            columnNames: ['aggregate_id', 'seq'],
            where: 'published_at IS NULL',
          },
          { name: 'outbox_unpublished_seq', columnNames: ['seq'], where: 'published_at IS NULL' },
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('outbox_events');
  }
}
