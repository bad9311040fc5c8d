import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseEntity, CaseTagEntity } from './case.entity.js';
import { CaseEscalationEntity } from './case-escalation.entity.js';
import { CasesService } from './cases.service.js';
import { CasesController } from './cases.controller.js';
import { CaseWriter } from './case-writer.service.js';
import { CaseSearch } from './case-search.js';
import { CaseProjections } from './case-projections.js';
import { CaseEscalationProjection } from './case-escalation.projection.js';
import { CaseStore } from './case-store.js';
import { PostgresCaseStore } from './postgres-case-store.js';
import { SqliteCaseStore } from './sqlite-case-store.js';
import { Transactions } from '../database/transactions.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { AgentsModule } from '../agents/agents.module.js';
import { GroupsModule } from '../groups/groups.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { CreateCases1764000000500 } from './migrations/1764000000500-create-cases.js';
import { CreateCaseSearch1765000000200 } from './migrations/1765000000200-create-case-search.js';
import { CreateCaseListIndexes1765000000300 } from './migrations/1765000000300-create-case-list-indexes.js';
import { CheaperCaseSearchWrite1765000000400 } from './migrations/1765000000400-cheaper-case-search-write.js';

/**
 * Cases: the API over the Case aggregate and the writer that saves what it decides. Features
 * that add to a case (messages, interactions, surveys) use the writer and register how their
 * tables keep the case's events (CaseProjections).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([CaseEntity, CaseTagEntity, CaseEscalationEntity]),
    ContactsModule,
    AgentsModule,
    GroupsModule,
    OutboxModule,
  ],
  controllers: [CasesController],
  providers: [
    CasesService,
    CaseSearch,
    CaseWriter,
    CaseProjections,
    CaseEscalationProjection,
    PostgresCaseStore,
    SqliteCaseStore,
    {
      provide: CaseStore,
      inject: [Transactions, PostgresCaseStore, SqliteCaseStore],
      useFactory: (tx: Transactions, pg: PostgresCaseStore, sqlite: SqliteCaseStore) =>
        tx.dialect === 'postgres' ? pg : sqlite,
    },
  ],
  exports: [CasesService, CaseWriter, CaseProjections],
})
export class CasesModule {
  static readonly migrations = [
    CreateCases1764000000500,
    CreateCaseSearch1765000000200,
    CreateCaseListIndexes1765000000300,
    CheaperCaseSearchWrite1765000000400,
  ];
}
