import { ref } from 'vue';
import { ApiError, messageOf } from '../api';

// The API's 400 messages name the field at fault (`"name" is not allowed to be empty`,
// `timeZone "Mars/Base" is not an IANA time zone`, `weekly[2] (mon 09:00–12:00) overlaps …`):
// the form shows each message next to that field, and anything else above the form.

/** The first of `fields` the message names, else null. */
export function fieldOf(message: string, fields: readonly string[]): string | null {
  const named = fields.filter((field) => {
    const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|["\\s(])${escaped}(["\\s:.,)]|$)`).test(message);
  });
  if (!named.length) return null;
  // The earliest mention is the subject of the message.
  return named.sort((a, b) => message.indexOf(a) - message.indexOf(b))[0] ?? null;
}

/**
 * State of one form: its busy flag, its field errors, its other error and its success notice.
 * `conflictField`: the field a 409 is about (a name already taken), whether or not the message names it.
 */
export function useForm(fields: readonly string[] = [], options: { conflictField?: string } = {}) {
  const busy = ref(false);
  const error = ref<string | null>(null);
  const fieldErrors = ref<Record<string, string>>({});
  const notice = ref<string | null>(null);

  async function run<T>(action: () => Promise<T>, done?: string, extraFields: readonly string[] = []): Promise<T | undefined> {
    busy.value = true;
    error.value = null;
    fieldErrors.value = {};
    notice.value = null;
    try {
      const result = await action();
      if (done) notice.value = done;
      return result;
    } catch (err) {
      const message = messageOf(err);
      const conflict = err instanceof ApiError && err.status === 409 ? options.conflictField : undefined;
      const field = conflict ?? fieldOf(message, [...fields, ...extraFields]);
      if (field) fieldErrors.value = { [field]: message };
      else error.value = message;
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, fieldErrors, notice, run };
}
