import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf } from '../../database/dialect.js';
import { SQLITE_FOLDS } from '../search-folding.js';

/**
 * The case search index: one document per case (subject, description and every message),
 * kept up to date by the database itself, so the write path does not know it exists.
 *
 * PostgreSQL: `case_search.document`, a tsvector under a GIN index, built with the
 * `casehub_search` configuration: `unaccent` then `simple` (no stemming: cases are written in
 * many languages). ASCII punctuation is read as a space, so `e-mail` and `ann@example.com` are
 * phrases of their parts, as in SQLite. A message adds its words to its case's document.
 *
 * SQLite: an FTS5 table (unicode61, diacritics removed) whose rowid is the ticket number;
 * contentless, each row is written again when its case's text changes.
 *
 * Each message counts with its first 100,000 characters. On PostgreSQL a case whose text outgrows
 * a tsvector (1 MB) keeps the document it had: it stays findable by what it held.
 */
export class CreateCaseSearch1765000000200 implements MigrationInterface {
  async up(qr: QueryRunner): Promise<void> {
    if (dialectOf(qr) === 'postgres') await postgresUp(qr);
    else await sqliteUp(qr);
  }

  async down(qr: QueryRunner): Promise<void> {
    if (dialectOf(qr) === 'postgres') {
      await qr.query(`DROP TRIGGER case_search_message ON messages`);
      await qr.query(`DROP TRIGGER case_search_deleted ON cases`);
      await qr.query(`DROP TRIGGER case_search_changed ON cases`);
      await qr.query(`DROP TRIGGER case_search_created ON cases`);
      await qr.query(`DROP FUNCTION case_search_add_message()`);
      await qr.query(`DROP FUNCTION case_search_drop_case()`);
      await qr.query(`DROP FUNCTION case_search_write_case()`);
      await qr.query(`DROP TABLE case_search`);
      await qr.query(`DROP FUNCTION case_search_vector(text)`);
      await qr.query(`DROP FUNCTION case_search_words(text)`);
      await qr.query(`DROP TEXT SEARCH CONFIGURATION casehub_search`);
    } else {
      for (const t of ['message', 'deleted', 'changed', 'created'])
        await qr.query(`DROP TRIGGER case_search_${t}`);
      await qr.query(`DROP TABLE case_search`);
    }
  }
}

const PUNCTUATION = `!"#$%&''()*+,-./:;<=>?@[\\]^_\`{|}~`;

async function postgresUp(qr: QueryRunner): Promise<void> {
  // unaccent ships with PostgreSQL (contrib) and is a trusted extension since 13.
  await qr.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
  await qr.query(`CREATE TEXT SEARCH CONFIGURATION casehub_search (COPY = simple)`);
  await qr.query(
    `ALTER TEXT SEARCH CONFIGURATION casehub_search
       ALTER MAPPING FOR word, numword, hword, hword_part, hword_numpart, numhword WITH unaccent, simple`,
  );
  // The words of a text as both a document and a query see them.
  await qr.query(
    `CREATE FUNCTION case_search_words(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT translate(left(coalesce(t, ''), 100000), '${PUNCTUATION}', repeat(' ', 32)) $$`,
  );
  await qr.query(
    `CREATE FUNCTION case_search_vector(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT to_tsvector('casehub_search'::regconfig, case_search_words(t)) $$`,
  );
  await qr.query(`CREATE TABLE case_search (case_id uuid PRIMARY KEY, document tsvector NOT NULL)`);
  await qr.query(`
    CREATE FUNCTION case_search_write_case() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      doc tsvector := case_search_vector(NEW.subject) || case_search_vector(NEW.description);
    BEGIN
      IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM messages WHERE case_id = NEW.id) THEN
        BEGIN
          doc := doc || coalesce((SELECT case_search_vector(string_agg(left(body, 100000), ' ' ORDER BY created_at, id))
                                    FROM messages WHERE case_id = NEW.id), '');
        EXCEPTION WHEN program_limit_exceeded THEN
          NULL; -- too much text for one tsvector: found by subject and description
        END;
      END IF;
      INSERT INTO case_search (case_id, document) VALUES (NEW.id, doc)
        ON CONFLICT (case_id) DO UPDATE SET document = EXCLUDED.document;
      RETURN NULL;
    END $$`);
  await qr.query(`
    CREATE FUNCTION case_search_add_message() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE case_search SET document = document || case_search_vector(NEW.body)
       WHERE case_id = NEW.case_id;
      RETURN NULL;
    EXCEPTION WHEN program_limit_exceeded THEN
      RETURN NULL; -- the case's document is full: it keeps what it has
    END $$`);
  await qr.query(`
    CREATE FUNCTION case_search_drop_case() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM case_search WHERE case_id = OLD.id;
      RETURN NULL;
    END $$`);
  await qr.query(
    `CREATE TRIGGER case_search_created AFTER INSERT ON cases
       FOR EACH ROW EXECUTE FUNCTION case_search_write_case()`,
  );
  // The write path updates every column of a case: only a changed text rewrites its document.
  await qr.query(
    `CREATE TRIGGER case_search_changed AFTER UPDATE OF subject, description ON cases FOR EACH ROW
       WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.description IS DISTINCT FROM NEW.description)
       EXECUTE FUNCTION case_search_write_case()`,
  );
  await qr.query(
    `CREATE TRIGGER case_search_deleted AFTER DELETE ON cases
       FOR EACH ROW EXECUTE FUNCTION case_search_drop_case()`,
  );
  await qr.query(
    `CREATE TRIGGER case_search_message AFTER INSERT ON messages
       FOR EACH ROW EXECUTE FUNCTION case_search_add_message()`,
  );
  await qr.query(`
    INSERT INTO case_search (case_id, document)
    SELECT c.id, case_search_vector(c.subject) || case_search_vector(c.description)
             || coalesce((SELECT case_search_vector(string_agg(left(m.body, 100000), ' ' ORDER BY m.created_at, m.id))
                            FROM messages m WHERE m.case_id = c.id), '')
      FROM cases c`);
  await qr.query(`CREATE INDEX case_search_document ON case_search USING gin (document)`);
  // A list walks newest first while matches are common, and asks the index when they are rare:
  // the planner needs to know rare words as rare, so it keeps ten times the usual word counts.
  await qr.query(`ALTER TABLE case_search ALTER COLUMN document SET STATISTICS 1000`);
}

async function sqliteUp(qr: QueryRunner): Promise<void> {
  // unicode61 removes diacritics but keeps ß, æ, œ, ø, ł…: folded here as unaccent folds them.
  const fold = (expr: string) =>
    SQLITE_FOLDS.reduce((e, [from, to]) => `replace(${e}, '${from}', '${to}')`, expr);
  const messages = (caseId: string) =>
    fold(
      `(SELECT group_concat(substr(body, 1, 100000), char(10)) FROM messages WHERE case_id = ${caseId})`,
    );
  const row = (c: string) =>
    `${c}.number, ${fold(`${c}.subject`)}, ${fold(`${c}.description`)}, ${messages(`${c}.id`)}`;
  await qr.query(
    `CREATE VIRTUAL TABLE case_search USING fts5(subject, description, messages,
       content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2')`,
  );
  const write = (c: string) =>
    `INSERT INTO case_search (rowid, subject, description, messages) SELECT ${row(c)}`;
  await qr.query(
    `CREATE TRIGGER case_search_created AFTER INSERT ON cases BEGIN ${write('new')}; END`,
  );
  await qr.query(
    `CREATE TRIGGER case_search_changed AFTER UPDATE OF subject, description ON cases
       WHEN old.subject IS NOT new.subject OR old.description IS NOT new.description
     BEGIN DELETE FROM case_search WHERE rowid = old.number; ${write('new')}; END`,
  );
  await qr.query(
    `CREATE TRIGGER case_search_deleted AFTER DELETE ON cases
     BEGIN DELETE FROM case_search WHERE rowid = old.number; END`,
  );
  await qr.query(
    `CREATE TRIGGER case_search_message AFTER INSERT ON messages BEGIN
       DELETE FROM case_search WHERE rowid = (SELECT number FROM cases WHERE id = new.case_id);
       INSERT INTO case_search (rowid, subject, description, messages)
         SELECT ${row('c')} FROM cases c WHERE c.id = new.case_id;
     END`,
  );
  await qr.query(
    `INSERT INTO case_search (rowid, subject, description, messages) SELECT ${row('c')} FROM cases c`,
  );
}
