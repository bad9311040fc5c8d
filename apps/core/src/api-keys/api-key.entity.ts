import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../auth/role.js';

/** An API key; only the SHA-256 of the secret is stored. */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('varchar') name!: string;
  @Column('varchar') role!: Role;
  /** First characters of the key, shown so people can tell keys apart. */
  @Column('varchar') prefix!: string;
  @Column('varchar') hash!: string;
  @Column('uuid', { nullable: true }) agentId!: string | null;
  @Column({ type: Date }) createdAt!: Date;
  @Column({ type: Date, nullable: true }) lastUsedAt!: Date | null;
  @Column({ type: Date, nullable: true }) revokedAt!: Date | null;
}
