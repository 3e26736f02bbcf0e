// What each kind of admin change records as its target's state, for the routes' `audit` option
// (engine/http/audit.ts). A loader answers the state now, or undefined when the target does not
// exist; secrets never leave here.
import { getConnector } from '../../../connectors/index.js';
import type { AuditSpec } from '../../http/audit.js';
import { getDocument, listDocuments } from '../automation/documents/repository.js';
import type { KindSpec } from '../automation/documents/kinds.js';
import { getChannel } from '../channels/repository.js';
import { getAttributeDisplay } from '../context/attribute-settings.js';
import { getBusinessHours } from '../lifecycle-settings/business-hours.js';
import { listCsatSurveys } from '../lifecycle-settings/csat.js';
import { getSetting, type SettingKey } from '../lifecycle-settings/org-settings.js';
import { getOrganisation } from '../people/organisation-repository.js';
import { listTeams } from '../people/teams-repository.js';
import { getManagedUser } from '../people/users-repository.js';

export const REDACTED = '[redacted]';
export const REDACTED_CHANGED = '[redacted, changed]';

/**
 * A channel's config with the connector's secret keys masked. The key stays, so adding or removing
 * a secret shows; `changed` names the secrets the request set, so replacing one shows too.
 */
export function redactedConfig(type: string, config: Record<string, unknown>, changed: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const secrets = new Set<string>(getConnector(type)?.secretKeys ?? []);
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, secrets.has(k) && v !== null && v !== undefined ? (changed.has(k) ? REDACTED_CHANGED : REDACTED) : v]),
  );
}

const channelState: AuditSpec['load'] = async (db, id, request, phase) => {
  const row = id ? await getChannel(db, id) : undefined;
  if (!row) return undefined;
  const sent = (request.payload as { config?: Record<string, unknown> } | null)?.config ?? {};
  const changed = new Set(phase === 'after' && request.method === 'patch' ? Object.keys(sent).filter((k) => sent[k] !== null) : []);
  return { id: row.id, type: row.type, name: row.name, config: redactedConfig(row.type, row.config, changed) };
};

/** `channel.created`, `channel.updated`, `channel.deleted`. */
export const channelAudit = (verb: 'created' | 'updated' | 'deleted'): AuditSpec => ({ type: `channel.${verb}`, target: 'channel', load: channelState });

/** A channel's business hours (`PUT`/`DELETE /api/channels/{id}/business-hours`). */
export const businessHoursAudit = (verb: 'set' | 'deleted'): AuditSpec => ({
  type: `business-hours.${verb}`,
  target: 'channel',
  load: async (db, id) => {
    const hours = id ? await getBusinessHours(db, id) : undefined;
    if (!hours) return undefined;
    const { updatedAt: _at, updatedBy: _by, ...document } = hours;
    return document;
  },
});

/** An organisation setting (`PUT /api/settings/{key}`): the target id is the key. */
export const settingAudit = (key: SettingKey): AuditSpec => namedSettingAudit(key, (db) => getSetting(db, key));

/** A setting stored outside the settings table: which contact attributes agents see, the organisation's profile. */
export const namedSettingAudit = (key: string, load: (db: Parameters<NonNullable<AuditSpec['load']>>[0]) => Promise<unknown>): AuditSpec => ({
  type: 'setting.updated',
  target: 'setting',
  id: () => key,
  name: () => key,
  load: (db) => load(db),
});

export const contactAttributesAudit = namedSettingAudit('contact-attributes', getAttributeDisplay);
export const organisationAudit = namedSettingAudit('organisation', getOrganisation);

export const csatSurveyAudit = (verb: 'created' | 'deleted'): AuditSpec => ({
  type: `csat-survey.${verb}`,
  target: 'csat-survey',
  load: async (db, id) => (id ? (await listCsatSurveys(db)).find((s) => s.id === id) : undefined),
});

/** A created list entry (tag, topic, resolution reason, team): its state is the answer. */
export const createdAudit = (target: string): AuditSpec => ({ type: `${target}.created`, target });

export const teamUpdatedAudit: AuditSpec = {
  type: 'team.updated',
  target: 'team',
  load: async (db, id) => (id ? (await listTeams(db)).find((t) => t.id === id) : undefined),
};

export const userAudit = (verb: 'created' | 'updated'): AuditSpec => ({
  type: `user.${verb}`,
  target: 'user',
  load: async (db, id) => (id ? getManagedUser(db, id) : undefined),
});

interface DocumentState {
  draft: Record<string, unknown>;
  published: { version: number; document: Record<string, unknown> } | null;
}

function documentName(state: { draft?: { name?: unknown } } | undefined) {
  return typeof state?.draft?.name === 'string' ? state.draft.name : undefined;
}

/**
 * An admin document (automation, skill set, contact group, script): its draft and published
 * version. The version history is not copied: each entry shows what the change did.
 */
export const documentAudit = (spec: KindSpec, verb: 'created' | 'draft-saved' | 'published' | 'rolled-back' | 'deleted'): AuditSpec => ({
  // Publishing is also how a document is turned on or off: say so when that is what changed.
  type: (before, after) => {
    const enabled = (state: unknown) => (state as DocumentState | undefined)?.published?.document.enabled;
    const [was, is] = [enabled(before), enabled(after)];
    if ((verb === 'published' || verb === 'rolled-back') && typeof was === 'boolean' && typeof is === 'boolean' && was !== is) {
      return `${spec.kind}.${is ? 'enabled' : 'disabled'}`;
    }
    return `${spec.kind}.${verb}`;
  },
  target: spec.kind,
  name: documentName,
  load: async (db, id): Promise<DocumentState | undefined> => {
    const found = id ? await getDocument(db, spec, id) : undefined;
    if (!found) return undefined;
    return { draft: found.draft, published: found.published ? { version: found.published.version, document: found.published.document } : null };
  },
});

/** The evaluation order of a kind's documents. */
export const documentOrderAudit = (spec: KindSpec): AuditSpec => ({
  type: `${spec.kind}.reordered`,
  target: `${spec.kind}-order`,
  id: () => undefined,
  load: async (db) => (await listDocuments(db, spec)).map((d) => ({ id: d.id, name: d.name })),
});
