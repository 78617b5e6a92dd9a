/**
 * Asking a person for a bearer token: a modal dialog with a password field (typed, not shown),
 * one at a time however many requests were refused together, kept for the tab (sessionStorage),
 * never put in the URL. Declining is remembered until the page reloads, so a poll does not ask again.
 */
const KEY = 'switchyard.token';
let pending: Promise<boolean> | undefined;
let declined = false;

export const storedToken = (): string | null => sessionStorage.getItem(KEY);

function dialog(): HTMLDialogElement {
  const element = document.createElement('dialog');
  element.setAttribute('aria-labelledby', 'token-title');
  element.innerHTML = `<form method="dialog">
  <h2 id="token-title">This server needs a token</h2>
  <p><code>npx switchyard serve token NAME</code> makes one.</p>
  <label>Token <input name="token" type="password" autocomplete="off" required></label>
  <p class="actions"><button value="ok">Use it</button> <button type="button" class="cancel">Cancel</button></p>
</form>`;
  document.body.append(element);
  return element;
}

/** True when a new token was given (the caller tries again); false when the person declined. */
export function askForToken(): Promise<boolean> {
  if (declined) return Promise.resolve(false);
  pending ??= new Promise<boolean>((resolve) => {
    const element = dialog();
    element.addEventListener('close', () => {
      const token = (element.querySelector('input') as HTMLInputElement).value.trim();
      const given = element.returnValue === 'ok' && token !== '';
      if (given) sessionStorage.setItem(KEY, token);
      else declined = true;
      element.remove();
      pending = undefined;
      resolve(given);
    });
    // Cancel is not a submit button: Enter in the field submits the form's first one, "Use it".
    element.querySelector<HTMLButtonElement>('button.cancel')!.addEventListener('click', () => element.close('cancel'));
    element.showModal();
  });
  return pending;
}
