import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One escalation (warm transfer) of a case: who moved it, why, when, from where to where. */
@Entity('case_escalations')
export class CaseEscalationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('varchar') by!: string;
  @Column('text') reason!: string;
  @Column({ type: Date }) at!: Date;
  @Column('integer') fromTier!: number;
  @Column('integer') toTier!: number;
  @Column('uuid', { nullable: true }) fromGroupId!: string | null;
  @Column('uuid', { nullable: true }) toGroupId!: string | null;
  @Column('uuid', { nullable: true }) fromAssigneeId!: string | null;
  @Column('uuid', { nullable: true }) toAssigneeId!: string | null;
}
