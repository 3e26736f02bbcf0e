// CSAT surveys (product.md, "CSAT"): one per channel, several language versions.
import type { Db } from '../../platform/database.js';
import { conflictOnDuplicate } from '../../platform/errors.js';
import { orgId } from '../../platform/org.js';

export interface CsatVersion {
  language: string;
  question: string;
  thanks: string;
}

export interface CsatSurvey {
  id: string;
  channelId: string;
  defaultLanguage: string;
  versions: CsatVersion[];
  timeoutSeconds: number;
}

const columns = ['id', 'channel_id', 'default_language', 'versions', 'timeout_seconds'] as const;

const present = (row: { id: string; channel_id: string; default_language: string; versions: CsatVersion[]; timeout_seconds: number }): CsatSurvey => ({
  id: row.id,
  channelId: row.channel_id,
  defaultLanguage: row.default_language,
  versions: row.versions,
  timeoutSeconds: row.timeout_seconds,
});

export async function createCsatSurvey(db: Db, input: Omit<CsatSurvey, 'id'>): Promise<CsatSurvey> {
  const [row] = await db('csat_surveys')
    .insert({
      org_id: await orgId(db),
      channel_id: input.channelId,
      default_language: input.defaultLanguage,
      versions: JSON.stringify(input.versions),
      timeout_seconds: input.timeoutSeconds,
    })
    .returning(columns)
    .catch(conflictOnDuplicate('this channel already has a survey'));
  return present(row);
}

export async function listCsatSurveys(db: Db): Promise<CsatSurvey[]> {
  const rows = await db('csat_surveys').where({ org_id: await orgId(db) }).orderBy([{ column: 'created_at' }, { column: 'id' }]).select(columns);
  return rows.map(present);
}

export async function csatSurveyOfChannel(db: Db, channelId: string): Promise<CsatSurvey | undefined> {
  const row = await db('csat_surveys').where({ channel_id: channelId }).first(columns);
  return row ? present(row) : undefined;
}

/** Deletes the survey; answers the channel it was for, or undefined when there was none. */
export async function deleteCsatSurvey(db: Db, id: string): Promise<{ channelId: string } | undefined> {
  const [row] = await db('csat_surveys').where({ id, org_id: await orgId(db) }).del().returning('channel_id');
  return row ? { channelId: row.channel_id } : undefined;
}

/** The version for a customer's language (exact, then its base language), else the default one. */
export function csatVersionFor(survey: CsatSurvey, language: string | undefined): CsatVersion {
  const wanted = language?.toLowerCase();
  const base = wanted?.split('-')[0];
  return (
    survey.versions.find((v) => v.language.toLowerCase() === wanted) ??
    survey.versions.find((v) => v.language.toLowerCase().split('-')[0] === base) ??
    survey.versions.find((v) => v.language === survey.defaultLanguage)!
  );
}
