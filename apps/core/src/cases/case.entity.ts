import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BusinessImpact, CaseStatus, Channel, CustomFields, Priority } from '@casehub/domain';

@Entity('cases')
export class CaseEntity {
  @PrimaryColumn('uuid') id!: string;
  /** Sequential human ticket number (#1042). */
  @Index({ unique: true }) @Column('integer') number!: number;
  @Column('varchar') subject!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('varchar') status!: CaseStatus;
  @Column('varchar') priority!: Priority;
  @Column('varchar') channel!: Channel;
  @Column('uuid', { nullable: true }) contactId!: string | null;
  @Column('uuid', { nullable: true }) ownerId!: string | null;
  @Column('uuid', { nullable: true }) assigneeId!: string | null;
  @Column('uuid', { nullable: true }) groupId!: string | null;
  @Column('integer') tier!: number;
  @Column('json') customFields!: CustomFields;
  @Column('json', { nullable: true }) businessImpact!: BusinessImpact | null;
  @Column('uuid', { nullable: true }) followUpOf!: string | null;
  @Column('integer') reopenCount!: number;
  /** Number of events emitted for this case; each event carries its own as `sequence`. */
  @Column('integer') version!: number;
  @Column({ type: Date, nullable: true }) firstResponseAt!: Date | null;
  @Column({ type: Date, nullable: true }) resolvedAt!: Date | null;
  @Column({ type: Date, nullable: true }) closedAt!: Date | null;
  @Column({ type: Date }) createdAt!: Date;
  @Column({ type: Date }) updatedAt!: Date;
}

/** Tags live in their own table so that filtering by tag uses an index on both databases. */
@Entity('case_tags')
export class CaseTagEntity {
  @PrimaryColumn('uuid') caseId!: string;
  @PrimaryColumn('varchar') tag!: string;
}
