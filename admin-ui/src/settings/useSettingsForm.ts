import { onMounted, ref } from 'vue';
import { messageOf } from '../api';
import { useForm } from './fieldErrors';

/**
 * One settings form that edits what the API stores: `read` fills the form's state when the
 * section opens; until it has, the form is not shown (a save could not overwrite unread settings).
 */
export function useSettingsForm(read: () => Promise<void>, fields: readonly string[]) {
  const loaded = ref(false);
  const loadError = ref<string | null>(null);
  const form = useForm(fields);
  onMounted(async () => {
    try {
      await read();
      loaded.value = true;
    } catch (err) {
      loadError.value = messageOf(err);
    }
  });
  return { loaded, loadError, form };
}

export type SettingsForm = ReturnType<typeof useSettingsForm>;
