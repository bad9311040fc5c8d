import { CreateGroups1764000000100 } from '../groups/migrations/1764000000100-create-groups.js';
import { CreateAgents1764000000200 } from '../agents/migrations/1764000000200-create-agents.js';
import { CreateApiKeys1764000000300 } from '../auth/migrations/1764000000300-create-api-keys.js';
import { CreateContacts1764000000400 } from '../contacts/migrations/1764000000400-create-contacts.js';
import { CreateCases1764000000500 } from '../cases/migrations/1764000000500-create-cases.js';
import { CreateMessages1764000000600 } from '../messages/migrations/1764000000600-create-messages.js';
import { CreateInteractions1764000000700 } from '../interactions/migrations/1764000000700-create-interactions.js';
import { CreateOutbox1764000000800 } from '../outbox/migrations/1764000000800-create-outbox.js';
import { CreateSurveys1764000000900 } from '../surveys/migrations/1764000000900-create-surveys.js';
import { CreateCaseSearch1765000000200 } from '../cases/migrations/1765000000200-create-case-search.js';
import { CreateCaseListIndexes1765000000300 } from '../cases/migrations/1765000000300-create-case-list-indexes.js';

/** Every migration, each kept with the module that owns its tables, in timestamp order. */
export const MIGRATIONS = [
  CreateGroups1764000000100,
  CreateAgents1764000000200,
  CreateApiKeys1764000000300,
  CreateContacts1764000000400,
  CreateCases1764000000500,
  CreateMessages1764000000600,
  CreateInteractions1764000000700,
  CreateOutbox1764000000800,
  CreateSurveys1764000000900,
  CreateCaseSearch1765000000200,
  CreateCaseListIndexes1765000000300,
];
