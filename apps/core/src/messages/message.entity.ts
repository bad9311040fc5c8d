import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AttachmentMeta, AuthorType, Visibility } from '@casehub/domain';

@Entity('messages')
export class MessageEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('varchar') visibility!: Visibility;
  @Column('varchar') authorType!: AuthorType;
  @Column('varchar', { nullable: true }) authorId!: string | null;
  @Column('text') body!: string;
  @Column('json') attachments!: AttachmentMeta[];
  @Column('varchar', { nullable: true }) channel!: string | null;
  @Column({ type: Date }) createdAt!: Date;
}
