import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns } from '../../database/dialect.js';

export class CreateSurveys1764000000900 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(
      new Table({
        name: 'surveys',
        columns: [
          { ...c.varchar('id', 64), isPrimary: true },
          c.ref('case_id', false),
          c.ref('contact_id'),
          c.varchar('kind', 8),
          c.varchar('channel', 16),
          c.varchar('status', 16),
          c.varchar('skip_reason', 32, true),
          c.ref('agent_id'),
          c.ref('group_id'),
          c.varchar('locale', 35),
          c.bool('ask_ces', false),
          c.at('decided_at'),
          c.at('expires_at', true),
          { ...c.int('score'), isNullable: true },
          { ...c.int('ces'), isNullable: true },
          c.text('comment', true),
          c.int('revision', 0),
          c.at('answered_at', true),
          c.at('first_answered_at', true),
        ],
        indices: [
          // The metrics read a period of decisions (the invitations' cohort).
          { name: 'surveys_decided_at', columnNames: ['decided_at'] },
          { name: 'surveys_case', columnNames: ['case_id', 'decided_at'] },
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('surveys');
  }
}
