import { type ArgumentMetadata, StandardSchemaValidationPipe } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { validationProblem } from './zod-problem.js';

class Issues {
  constructor(readonly issues: readonly StandardSchemaV1.Issue[]) {}
}

/** Nest's Standard Schema pipe (zod here), answering a 400 problem that names where and which field. */
export class ProblemValidationPipe extends StandardSchemaValidationPipe {
  constructor() {
    super({ exceptionFactory: (issues) => new Issues(issues) });
  }

  override async transform<T>(value: T, metadata: ArgumentMetadata): Promise<T> {
    try {
      return await super.transform(value, metadata);
    } catch (e) {
      if (!(e instanceof Issues)) throw e;
      const where =
        metadata.type === 'body' ? 'body' : metadata.type === 'query' ? 'query string' : 'path';
      throw validationProblem(e.issues, where);
    }
  }
}
