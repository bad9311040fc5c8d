import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The transactional outbox, kept as the case's event history too (the timeline reads it).
 * `seq` orders rows but is never used as a "last seen" cursor: sequence values commit out of order.
 */
@Entity('outbox_events')
export class OutboxEventEntity {
  /** bigint: PostgreSQL hands it back as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq!: string | number;
  /** CloudEvents id, sent as Nats-Msg-Id. */
  @Column('uuid') id!: string;
  @Column('uuid') aggregateId!: string;
  @Column('integer') aggregateSequence!: number;
  @Column('varchar') name!: string;
  @Column('varchar') subject!: string;
  /** The CloudEvent exactly as published. */
  @Column('text') payload!: string;
  /** W3C trace context of the request that caused the event; sent as a NATS header. */
  @Column('varchar', { nullable: true }) traceparent!: string | null;
  @Column({ type: Date }) createdAt!: Date;
  @Column({ type: Date, nullable: true }) publishedAt!: Date | null;
  @Column('integer') attempts!: number;
  @Column('text', { nullable: true }) lastError!: string | null;
}
