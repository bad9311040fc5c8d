import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactEntity, ContactIdentityEntity } from './contact.entity.js';
import { ContactConsentEntity } from './contact-consent.entity.js';
import { ConsentService } from './consent.service.js';
import { CreateContactConsents1766000000200 } from './migrations/1766000000200-create-contact-consents.js';
import { ContactRefsWithHandles1766000000400 } from './migrations/1766000000400-contact-refs-with-handles.js';
import { ContactsService } from './contacts.service.js';
import { ContactsController } from './contacts.controller.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { CreateContacts1764000000400 } from './migrations/1764000000400-create-contacts.js';
import { CreateContactRefs1765000000100 } from './migrations/1765000000100-create-contact-refs.js';
import { ContactIdentitiesByContact1765000000500 } from './migrations/1765000000500-contact-identities-by-contact.js';

/**
 * Contacts (customers), the identities they are found by and their consent per channel;
 * publishes the contact_refs view.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ContactEntity, ContactIdentityEntity, ContactConsentEntity]),
    OutboxModule,
  ],
  controllers: [ContactsController],
  providers: [ContactsService, ConsentService],
  exports: [ContactsService, ConsentService],
})
export class ContactsModule {
  static readonly migrations = [
    CreateContacts1764000000400,
    CreateContactRefs1765000000100,
    ContactIdentitiesByContact1765000000500,
    CreateContactConsents1766000000200,
    ContactRefsWithHandles1766000000400,
  ];
}
