import { reactive } from 'vue';
import { listsApi, type Channel, type Named, type Topic, type UserItem } from '../api';

export interface Lists {
  tags: Named[];
  topics: Topic[];
  teams: Named[];
  users: UserItem[];
  savedReplies: Named[];
  resolutionReasons: Named[];
  channels: Channel[];
  contactGroups: Named[];
  loaded: boolean;
  error: string | null;
}

// One copy for the whole app: the pickers of every builder read it, reloads refresh it.
const lists = reactive<Lists>({
  tags: [],
  topics: [],
  teams: [],
  users: [],
  savedReplies: [],
  resolutionReasons: [],
  channels: [],
  contactGroups: [],
  loaded: false,
  error: null,
});

async function settle<T>(p: Promise<T>, fallback: T): Promise<T> {
  try {
    return await p;
  } catch (err) {
    lists.error = err instanceof Error ? err.message : String(err);
    return fallback;
  }
}

export async function loadLists(): Promise<void> {
  lists.error = null;
  const [tags, topics, teams, users, savedReplies, resolutionReasons, channels, contactGroups] = await Promise.all([
    settle(listsApi.tags(), []),
    settle(listsApi.topics(), []),
    settle(listsApi.teams(), []),
    settle(listsApi.users(), []),
    settle(listsApi.savedReplies(), []),
    settle(listsApi.resolutionReasons(), []),
    settle(listsApi.channels(), []),
    settle(listsApi.contactGroups(), []),
  ]);
  Object.assign(lists, { tags, topics, teams, users, savedReplies, resolutionReasons, channels, contactGroups, loaded: true });
}

export function useLists(): Lists {
  if (!lists.loaded) void loadLists();
  return lists;
}

/** The display name of an id in one of the lists, or the id itself when unknown. */
export function nameIn(list: readonly Named[], id: unknown): string {
  if (typeof id !== 'string' || id === '') return '';
  return list.find((x) => x.id === id)?.name ?? id;
}

/** A list as the options of a picker: its ids, shown by name. */
export const asOptions = (list: readonly Named[]): { value: string; label: string }[] => list.map((x) => ({ value: x.id, label: x.name }));

/** Channels as picker options: name and type, since two channels may share a name. */
export const channelOptions = (list: readonly Channel[]): { value: string; label: string }[] => list.map((c) => ({ value: c.id, label: `${c.name} (${c.type})` }));
