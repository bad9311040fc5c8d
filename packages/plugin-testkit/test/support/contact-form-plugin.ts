import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  Header,
  Inject,
  Module,
  Post,
  type OnModuleDestroy,
} from '@nestjs/common';
import { z } from 'zod';
import {
  definePlugin,
  InboundPublisher,
  InjectPluginConfig,
  type PluginConfigOf,
} from '@casehub/plugin-sdk';

/** A plugin that serves HTTP, for the testkit's own tests: a web contact form whose posts become cases. */
export const contactFormPlugin = definePlugin({
  name: 'contact-form',
  version: '0.1.0',
  consumes: [],
  channels: ['web'],
  config: z.object({
    FORM_TITLE: z.string().default('Contact us'),
    FORM_PORT: z.coerce.number().int().default(8080),
  }),
  http: (cfg) => ({ port: cfg.FORM_PORT }),
});
type FormConfig = PluginConfigOf<typeof contactFormPlugin>;

/** How many times the plugin was torn down (its providers' onModuleDestroy). */
export const teardowns = { count: 0 };

@Controller('contact')
class ContactForm implements OnModuleDestroy {
  constructor(
    @InjectPluginConfig() private readonly cfg: FormConfig,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return `<form method="post"><h1>${this.cfg.FORM_TITLE}</h1><input name="email"><textarea name="message"></textarea></form>`;
  }

  @Post()
  async send(@Body() form: { email: string; message: string }): Promise<{ received: true }> {
    await this.inbound.message({
      channel: 'web',
      from: { kind: 'email', value: form.email },
      providerMessageId: randomUUID(),
      receivedAt: new Date().toISOString(),
      subject: 'Contact form',
      body: form.message,
    });
    return { received: true };
  }

  onModuleDestroy(): void {
    teardowns.count++;
  }
}

@Module({ controllers: [ContactForm] })
export class ContactFormModule {}
