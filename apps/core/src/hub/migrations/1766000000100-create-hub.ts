import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { columns } from '../../database/dialect.js';

/** The hub's identity, made once with its database: the event stream it owns carries it. */
export class CreateHub1766000000100 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({ name: 'hub', columns: [c.id(), c.at('created_at')] }));
    await qr.manager
      .createQueryBuilder()
      .insert()
      .into('hub', ['id', 'created_at'])
      .values({ id: uuidv7(), created_at: new Date() })
      .execute();
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('hub');
  }
}
