import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A team cases are routed to; it sits at one support tier. */
@Entity('groups')
export class GroupEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('varchar') name!: string;
  @Column('integer') tier!: number;
  @Column('text', { nullable: true }) description!: string | null;
  @Column({ type: Date }) createdAt!: Date;
}

/** A support tier (1 = front line); escalation moves a case up the tiers. */
@Entity('support_tiers')
export class SupportTierEntity {
  @PrimaryColumn('integer') level!: number;
  @Column('varchar') name!: string;
}
