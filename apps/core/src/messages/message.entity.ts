import { Column, Entity, PrimaryColumn } from 'typeorm';
import type {
  AttachmentMeta,
  AuthorType,
  MessageView,
  TemplateUse,
  Visibility,
} from '@casehub/domain';

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
  /** The provider's id (email Message-ID, SMS sid…): unique per channel, so a message is kept once. */
  @Column('varchar', { nullable: true }) providerMessageId!: string | null;
  @Column('varchar', { nullable: true }) deliveryStatus!: MessageView['deliveryStatus'];
  @Column('text', { nullable: true }) deliveryError!: string | null;
  @Column('json', { nullable: true }) template!: TemplateUse | null;
  @Column({ type: Date }) createdAt!: Date;
}
