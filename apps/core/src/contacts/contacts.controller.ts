import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { uuidParam } from '../common/params.js';
import { ContactsService } from './contacts.service.js';
import {
  createContactSchema,
  findContactsSchema,
  updateContactSchema,
  type CreateContact,
  type FindContacts,
  type UpdateContact,
} from '@casehub/domain';

@ApiTags('Contacts')
@ApiBearerAuth()
@Roles('agent', 'plugin')
@Controller('v1/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post()
  create(@Body({ schema: createContactSchema }) body: CreateContact) {
    return this.contacts.create(body);
  }

  /** Finds contacts by email, phone or social handle (normalised as stored). */
  @Get()
  async find(@Query({ schema: findContactsSchema }) q: FindContacts) {
    return { items: await this.contacts.find(q) };
  }

  @Get(':id')
  get(@Param('id', { schema: uuidParam }) id: string) {
    return this.contacts.get(id);
  }

  @Patch(':id')
  update(
    @Param('id', { schema: uuidParam }) id: string,
    @Body({ schema: updateContactSchema }) body: UpdateContact,
  ) {
    return this.contacts.update(id, body);
  }
}
