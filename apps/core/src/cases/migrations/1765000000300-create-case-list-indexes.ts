import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Lists are newest first (by ticket number) and page with a cursor below a number: a filter on
 * one of these columns walks its (column, number) index from the cursor, reading only the page
 * (status, assignee and owner have theirs since 1764000000500). An agent's open cases and a
 * group's queue, the screens read most, find their few cases among many in (…, status, number).
 */
export class CreateCaseListIndexes1765000000300 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndices('cases', [
      new TableIndex({ name: 'cases_group_number', columnNames: ['group_id', 'number'] }),
      new TableIndex({ name: 'cases_channel_number', columnNames: ['channel', 'number'] }),
      new TableIndex({
        name: 'cases_assignee_status_number',
        columnNames: ['assignee_id', 'status', 'number'],
      }),
      new TableIndex({
        name: 'cases_group_status_number',
        columnNames: ['group_id', 'status', 'number'],
      }),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('cases', 'cases_group_status_number');
    await qr.dropIndex('cases', 'cases_assignee_status_number');
    await qr.dropIndex('cases', 'cases_channel_number');
    await qr.dropIndex('cases', 'cases_group_number');
  }
}
