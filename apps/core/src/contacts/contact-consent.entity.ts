import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Channel, ConsentState, ConsentTopic } from '@casehub/domain';

/** Where a contact stands on being sent `topic` on one channel: the newest record wins. */
@Entity('contact_consents')
export class ContactConsentEntity {
  @PrimaryColumn('uuid') contactId!: string;
  @PrimaryColumn('varchar') channel!: Channel;
  @PrimaryColumn('varchar') topic!: ConsentTopic;
  @Column('varchar') state!: ConsentState;
  /** When the customer said so (the message's or the provider's time), not when we heard. */
  @Column({ type: Date }) at!: Date;
  @Column('varchar') source!: string;
}
