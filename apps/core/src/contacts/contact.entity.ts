import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IdentityKind } from '@casehub/domain';

@Entity('contacts')
export class ContactEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('varchar', { nullable: true }) name!: string | null;
  @Column({ type: Date }) createdAt!: Date;
  @Column({ type: Date }) updatedAt!: Date;
  /** Numbers the contact's consent events (contact.opted_out / opted_in) without gaps. */
  @Column('integer', { default: 0 }) consentVersion!: number;
}

/** One normalised address of a contact; unique per kind so a sender is found again. */
@Entity('contact_identities')
export class ContactIdentityEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') contactId!: string;
  @Column('varchar') kind!: IdentityKind;
  @Column('varchar') value!: string;
}
