import type { ContactRef, Identity } from '@casehub/domain';
import type { PgStatements } from '../database/pg-statements.js';

/**
 * Finds the contact holding any of `wanted` (the first listed wins) or creates one, in one
 * statement: an existing contact gets the identities nobody holds yet and, if it had none, the
 * name; a new one gets all of them. Two intakes creating the same new contact at once collide
 * on an identity (unique violation): the loser's whole statement is undone and it is retried.
 */
const RESOLVE = `
WITH wanted AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) WITH ORDINALITY AS w(kind, value, id, pos)
), hit AS (
  SELECT i.contact_id FROM contact_identities i JOIN wanted w ON w.kind = i.kind AND w.value = i.value
  ORDER BY w.pos LIMIT 1
), held AS (
  SELECT i.kind, i.value FROM contact_identities i WHERE i.contact_id = (SELECT contact_id FROM hit)
  ORDER BY i.id
), named AS (
  UPDATE contacts SET name = $4, updated_at = $5
  WHERE id = (SELECT contact_id FROM hit) AND name IS NULL AND $4::text IS NOT NULL
), created AS (
  INSERT INTO contacts (id, name, created_at, updated_at)
  SELECT $6, $4, $5, $5 WHERE NOT EXISTS (SELECT 1 FROM hit)
  RETURNING id
), given AS (
  INSERT INTO contact_identities (id, contact_id, kind, value)
  SELECT w.id, created.id, w.kind, w.value FROM created, wanted w
), claimed AS (
  INSERT INTO contact_identities (id, contact_id, kind, value)
  SELECT w.id, hit.contact_id, w.kind, w.value FROM hit, wanted w
  ON CONFLICT (kind, value) DO NOTHING
  RETURNING kind, value
)
SELECT (SELECT contact_id FROM hit) AS hit,
       (SELECT name FROM contacts WHERE id = (SELECT contact_id FROM hit)) AS name,
       (SELECT COALESCE(json_agg(json_build_array(kind, value)), '[]') FROM held) AS held,
       (SELECT COALESCE(json_agg(json_build_array(kind, value)), '[]') FROM claimed) AS claimed`;

interface Resolved {
  hit: string | null;
  name: string | null;
  held: [string, string][];
  claimed: [string, string][];
}

export async function resolveContactPostgres(
  pg: PgStatements,
  name: string | null,
  wanted: readonly Identity[],
  ids: { contact: string; identities: string[] },
  at: Date,
): Promise<ContactRef> {
  const [r] = await pg.query<Resolved>(RESOLVE, [
    wanted.map((w) => w.kind),
    wanted.map((w) => w.value),
    ids.identities,
    name,
    at,
    ids.contact,
  ]);
  // Identities in the order a contact's view lists them: those it had, then those it just got.
  const claimed = new Set(r.claimed.map(([k, v]) => `${k}:${v}`));
  const mine: [string, string][] = r.hit
    ? [
        ...r.held,
        ...wanted
          .filter((w) => claimed.has(`${w.kind}:${w.value}`))
          .map((w): [string, string] => [w.kind, w.value]),
      ]
    : wanted.map((w) => [w.kind, w.value]);
  const first = (kind: string) => mine.find(([k]) => k === kind)?.[1] ?? null;
  return {
    id: r.hit ?? ids.contact,
    name: r.hit ? (r.name ?? name) : name,
    email: first('email'),
    phone: first('phone'),
  };
}
