import { onMounted, ref, type Ref } from 'vue';
import { messageOf } from '../api';
import { useForm } from './fieldErrors';

/**
 * One list of the organisation's named things (tags, topics, resolution reasons): loaded when the
 * section opens, with the form that adds one and reloads the list.
 */
export function useCatalog<T>(fetchAll: () => Promise<T[]>, fields: readonly string[]) {
  const items = ref([]) as Ref<T[]>;
  const loadError = ref<string | null>(null);
  // every catalogue refuses a name already taken with a 409: said under the name field
  const form = useForm(fields, { conflictField: 'name' });

  async function load(): Promise<void> {
    try {
      items.value = await fetchAll();
    } catch (err) {
      loadError.value = messageOf(err);
    }
  }
  onMounted(load);

  /** Runs the API call; once it is accepted, clears the form (`reset`) and shows the new list. */
  async function create(action: () => Promise<unknown>, notice: string, reset: () => void): Promise<void> {
    const created = await form.run(action, notice);
    if (created) {
      reset();
      await load();
    }
  }

  return { items, loadError, form, create };
}

export type Catalog = ReturnType<typeof useCatalog<unknown>>;
