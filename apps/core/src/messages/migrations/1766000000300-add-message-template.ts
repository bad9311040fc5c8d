import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The template a public reply is sent as (null for free text and for customers' messages). */
export class AddMessageTemplate1766000000300 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    const type = qr.connection.options.type === 'postgres' ? 'jsonb' : 'text';
    // Plain ALTER TABLE: a nullable column is added in place on both databases, no rebuild.
    await qr.query(`ALTER TABLE messages ADD COLUMN template ${type} NULL`);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query('ALTER TABLE messages DROP COLUMN template');
  }
}
