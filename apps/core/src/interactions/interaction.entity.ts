import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Channel, Direction } from '@casehub/domain';

/** One customer contact on a case (call, chat, email exchange) with its handle-time parts. */
@Entity('interactions')
export class InteractionEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('varchar') channel!: Channel;
  @Column('varchar') direction!: Direction;
  @Column({ type: Date }) startedAt!: Date;
  @Column({ type: Date, nullable: true }) endedAt!: Date | null;
  @Column('integer') talkSeconds!: number;
  @Column('integer') holdSeconds!: number;
  @Column('integer') wrapUpSeconds!: number;
  @Column('boolean') abandoned!: boolean;
  @Column('uuid', { nullable: true }) agentId!: string | null;
  @Column('text', { nullable: true }) note!: string | null;
  @Column({ type: Date }) createdAt!: Date;
}
