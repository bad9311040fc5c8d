import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Channel, SurveyKind, SurveySkipReason, SurveyStatus } from '@casehub/domain';

/** One survey decision about a resolved case (an invitation or a skip) and its latest answer. */
@Entity('surveys')
export class SurveyEntity {
  /** The survey plugin's id of the decision: a decision received twice is one row. */
  @PrimaryColumn('varchar') id!: string;
  @Column('uuid') caseId!: string;
  @Column('uuid', { nullable: true }) contactId!: string | null;
  @Column('varchar') kind!: SurveyKind;
  @Column('varchar') channel!: Channel;
  @Column('varchar') status!: SurveyStatus;
  @Column('varchar', { nullable: true }) skipReason!: SurveySkipReason | null;
  /** The case's assignee (else its owner) when the decision came: whom the answer is about. */
  @Column('uuid', { nullable: true }) agentId!: string | null;
  @Column('uuid', { nullable: true }) groupId!: string | null;
  @Column('varchar') locale!: string;
  @Column('boolean') askCes!: boolean;
  /** The cohort date: metrics count a survey, and its answer, in the period it was decided in. */
  @Column({ type: Date }) decidedAt!: Date;
  @Column({ type: Date, nullable: true }) expiresAt!: Date | null;
  @Column('integer', { nullable: true }) score!: number | null;
  @Column('integer', { nullable: true }) ces!: number | null;
  @Column('text', { nullable: true }) comment!: string | null;
  /** The revision of the stored answer; 0 while unanswered. Only a higher one replaces it. */
  @Column('integer') revision!: number;
  @Column({ type: Date, nullable: true }) answeredAt!: Date | null;
  @Column({ type: Date, nullable: true }) firstAnsweredAt!: Date | null;
}
