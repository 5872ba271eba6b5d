// The actions token: taken from the URL fragment (`#token=…`, never sent to the server as part
// of a URL) or typed into the form, kept for this tab only, and removed from the address bar.

const KEY = 'blvm-inspector-token';

/** Reads `token` (and keeps any other fragment parameters) from the fragment, then hides it. */
export function takeTokenFromFragment(): string | null {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  if (token === null) return null;
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return token.trim() || null;
}

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, token);
  } catch {
    // storage unavailable: the token lasts until the page is reloaded
  }
}

/** The module named in the fragment (`#module=<name>`), if any. */
export function fragmentModule(): string | null {
  return new URLSearchParams(location.hash.slice(1)).get('module');
}

export function setFragmentModule(name: string): void {
  const params = new URLSearchParams(location.hash.slice(1));
  params.set('module', name);
  history.replaceState(null, '', `${location.pathname}${location.search}#${params.toString()}`);
}
