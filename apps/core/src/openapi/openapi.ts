import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI 3.1 at /openapi.json, browsable at /docs; schemas come from the zod request schemas. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('CaseHub API')
    .setDescription(
      'Cases, contacts, agents, groups and tiers of the CaseHub core. Errors are RFC 9457 problem+json; ' +
        'every change is also published as a CloudEvent on NATS JetStream (see docs/events.md).',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'API key', // not a JWT: an opaque key, hashed at rest
      description: 'An API key (chk_…) or CASEHUB_ADMIN_KEY',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    useGlobalPrefix: false,
  });
}
