import { type Child, h } from './dom.js';

/** What {@link confirmDialog} asks. */
export interface ConfirmOptions {
  title: string;
  body: Child[];
  confirmLabel: string;
  /** A word the person must type to enable the confirm button (destructive actions). */
  typed?: string;
  /** A text field whose value is resolved (e.g. a hold's reason). */
  input?: { label: string; required: boolean };
  /** No confirm button: the dialog only explains (e.g. a blocked delete). */
  informOnly?: boolean;
  danger?: boolean;
}

/**
 * A modal `<dialog>`: resolves to the text field's value (or `''`) when confirmed, `null` when
 * cancelled. Focus starts in the dialog and Escape cancels (native `<dialog>` behaviour).
 */
export function confirmDialog(options: ConfirmOptions): Promise<string | null> {
  return new Promise((resolve) => {
    const field = options.input
      ? h('input', {
          id: 'dialog-input',
          type: 'text',
          required: options.input.required,
          autocomplete: 'off',
        })
      : null;
    const typed = options.typed
      ? h('input', { id: 'dialog-typed', type: 'text', autocomplete: 'off', spellcheck: 'false' })
      : null;
    const confirm = h(
      'button',
      { type: 'submit', class: options.danger ? 'danger' : 'primary', disabled: Boolean(options.typed) },
      options.confirmLabel,
    );
    if (typed) {
      typed.addEventListener('input', () => {
        confirm.disabled = typed.value !== options.typed;
      });
    }
    const cancel = h('button', { type: 'button', value: 'cancel' }, options.informOnly ? 'Close' : 'Cancel');
    const dialog = h(
      'dialog',
      { 'aria-labelledby': 'dialog-title' },
      h(
        'form',
        { method: 'dialog' },
        h('h2', { id: 'dialog-title' }, options.title),
        ...options.body,
        field && h('label', { for: 'dialog-input' }, options.input?.label ?? ''),
        field,
        typed && h('label', { for: 'dialog-typed' }, `Type "${options.typed}" to confirm`),
        typed,
        h('div', { class: 'actions' }, cancel, options.informOnly ? null : confirm),
      ),
    );
    let result: string | null = null;
    cancel.addEventListener('click', () => dialog.close());
    dialog.querySelector('form')?.addEventListener('submit', (event) => {
      if (field && options.input?.required && field.value.trim() === '') {
        event.preventDefault();
        field.focus();
        return;
      }
      result = field ? field.value.trim() : '';
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
