import { isTombstoneError } from '@tombstone/sdk';

/** Where errors and notices are shown to the person (an ARIA live region). */
function region(): HTMLElement {
  const element = document.getElementById('status');
  if (!element) throw new Error('#status is missing');
  return element;
}

/** Shows an API error (its code and message) — never swallowed. */
export function showError(error: unknown): void {
  const element = region();
  element.className = 'status error';
  element.setAttribute('role', 'alert');
  element.textContent = isTombstoneError(error)
    ? `${error.data?.code ?? 'ERROR'}: ${error.message}`
    : `Error: ${error instanceof Error ? error.message : String(error)}`;
}

/** Shows a notice: what just happened. */
export function showNotice(message: string): void {
  const element = region();
  element.className = 'status notice';
  element.setAttribute('role', 'status');
  element.textContent = message;
}

/** Runs an action, showing its error if it fails; resolves to `undefined` then. */
export async function attempt<T>(action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    showError(error);
    return undefined;
  }
}

/** Clears the status line (on navigation: a message belongs to the screen it was shown on). */
export function clearStatus(): void {
  const element = region();
  element.className = 'status';
  element.setAttribute('role', 'status');
  element.textContent = '';
}

/** Goes to another screen and shows `message` there (navigation clears the status line first). */
export function navigateWithNotice(hash: string, message: string): void {
  if (location.hash === hash) {
    showNotice(message);
    return;
  }
  window.addEventListener('hashchange', () => showNotice(message), { once: true });
  location.hash = hash;
}
