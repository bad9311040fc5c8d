import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../auth/role.js';

@Entity('agents')
export class AgentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('varchar') name!: string;
  @Column('varchar') email!: string;
  @Column('varchar') role!: Exclude<Role, 'plugin'>;
  @Column('uuid', { nullable: true }) groupId!: string | null;
  @Column('boolean') active!: boolean;
  @Column({ type: Date }) createdAt!: Date;
}
