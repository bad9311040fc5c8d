import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * This hub's id: made with its database (migration `1766000000100`), written into the event
 * stream it owns and into every event, so that hubs sharing a NATS server never take each
 * other's events.
 */
@Injectable()
export class HubService implements OnModuleInit {
  private hubId: string | null = null;
  private loading: Promise<string> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.load();
  }

  /** The id, read once from the database. */
  load(): Promise<string> {
    this.loading ??= this.dataSource.query<{ id: string }[]>('SELECT id FROM hub').then(([row]) => {
      if (!row)
        throw new Error('The hub table is empty: the database was not migrated by CaseHub.');
      return (this.hubId = row.id);
    });
    return this.loading;
  }

  /** The id, once loaded (it is, before the application serves anything). */
  get id(): string {
    if (!this.hubId) throw new Error('HubService.id read before the hub was loaded');
    return this.hubId;
  }
}
