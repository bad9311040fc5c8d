export * from './create-case.js';
export * from './update-case.js';
export * from './case-commands.js';
export * from './list-cases.js';
export * from './search-query.js';
export * from './contact-requests.js';
export * from './survey-metrics.js';

import type { z } from 'zod';
import type {
  addMessageSchema,
  assignSchema,
  escalateSchema,
  transitionSchema,
} from './case-commands.js';
import type { createCaseSchema } from './create-case.js';
import type { updateCaseSchema } from './update-case.js';
import type { listCasesSchema } from './list-cases.js';
import type {
  createContactSchema,
  findContactsSchema,
  updateContactSchema,
} from './contact-requests.js';
import type { interactionInputSchema } from '../interaction/interaction.js';
import type { surveyMetricsQuerySchema } from './survey-metrics.js';

/** Request bodies as a client writes them: fields with a default may be left out. */
export type CreateCaseRequest = z.input<typeof createCaseSchema>;
export type UpdateCaseRequest = z.input<typeof updateCaseSchema>;
export type TransitionRequest = z.input<typeof transitionSchema>;
export type AssignRequest = z.input<typeof assignSchema>;
export type EscalateRequest = z.input<typeof escalateSchema>;
export type AddMessageRequest = z.input<typeof addMessageSchema>;
export type RecordInteractionRequest = z.input<typeof interactionInputSchema>;
export type ListCasesRequest = z.input<typeof listCasesSchema>;
export type CreateContactRequest = z.input<typeof createContactSchema>;
export type UpdateContactRequest = z.input<typeof updateContactSchema>;
export type FindContactsRequest = z.input<typeof findContactsSchema>;
export type SurveyMetricsRequest = z.input<typeof surveyMetricsQuerySchema>;
