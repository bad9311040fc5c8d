import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, dialectOf } from '../../database/dialect.js';

export class CreateCases1764000000500 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    if (dialectOf(qr) === 'postgres') await qr.query(`CREATE SEQUENCE case_number_seq START 1`);
    await qr.createTable(
      new Table({
        name: 'cases',
        columns: [
          c.id(),
          c.int('number'),
          c.varchar('subject', 300),
          c.text('description', true),
          c.varchar('status', 16),
          c.varchar('priority', 16),
          c.varchar('channel', 16),
          c.ref('contact_id'),
          c.ref('owner_id'),
          c.ref('assignee_id'),
          c.ref('group_id'),
          c.int('tier', 1),
          c.json('custom_fields'),
          c.json('business_impact', true),
          c.ref('follow_up_of'),
          c.int('reopen_count', 0),
          c.int('version', 0),
          c.at('first_response_at', true),
          c.at('resolved_at', true),
          c.at('closed_at', true),
          c.at('created_at'),
          c.at('updated_at'),
        ],
        indices: [
          { columnNames: ['number'], isUnique: true },
          { columnNames: ['status', 'number'] },
          { columnNames: ['assignee_id', 'number'] },
          { columnNames: ['owner_id', 'number'] },
          { columnNames: ['contact_id'] },
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'case_tags',
        columns: [
          { ...c.ref('case_id', false), isPrimary: true },
          { ...c.varchar('tag', 64), isPrimary: true },
        ],
        indices: [{ columnNames: ['tag', 'case_id'] }],
        foreignKeys: [
          {
            columnNames: ['case_id'],
            referencedTableName: 'cases',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'case_escalations',
        columns: [
          c.id(),
          c.ref('case_id', false),
          c.varchar('by', 100),
          c.text('reason'),
          c.at('at'),
          c.int('from_tier'),
          c.int('to_tier'),
          c.ref('from_group_id'),
          c.ref('to_group_id'),
          c.ref('from_assignee_id'),
          c.ref('to_assignee_id'),
        ],
        indices: [{ columnNames: ['case_id'] }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('case_escalations');
    await qr.dropTable('case_tags');
    await qr.dropTable('cases');
    if (dialectOf(qr) === 'postgres') await qr.query(`DROP SEQUENCE case_number_seq`);
  }
}
