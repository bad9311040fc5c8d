import { AgentEntity } from '../agents/agent.entity.js';
import { ApiKeyEntity } from '../auth/api-key.entity.js';
import { CaseEscalationEntity } from '../cases/case-escalation.entity.js';
import { CaseEntity, CaseTagEntity } from '../cases/case.entity.js';
import { ContactEntity, ContactIdentityEntity } from '../contacts/contact.entity.js';
import { GroupEntity, SupportTierEntity } from '../groups/group.entity.js';
import { InteractionEntity } from '../interactions/interaction.entity.js';
import { MessageEntity } from '../messages/message.entity.js';
import { OutboxEventEntity } from '../outbox/outbox-event.entity.js';
import { SurveyEntity } from '../surveys/survey.entity.js';

export const ENTITIES = [
  AgentEntity,
  ApiKeyEntity,
  CaseEntity,
  CaseTagEntity,
  CaseEscalationEntity,
  ContactEntity,
  ContactIdentityEntity,
  GroupEntity,
  SupportTierEntity,
  InteractionEntity,
  MessageEntity,
  OutboxEventEntity,
  SurveyEntity,
];
