import { decodeHash } from '../settings/url-hash';
import { notify, useLab } from '../state/store';
import { writeHash, type EngineClient } from './engine-client';

/** Navigates to a view ("/lab", "/learn/vae/3"), keeping the settings in the hash. */
export function navigate(route: string): void {
  useLab.setState({ route });
  const hash = `#${route}${location.hash.includes('?') ? location.hash.slice(location.hash.indexOf('?')) : ''}`;
  if (location.hash !== hash) history.pushState(null, '', hash);
}

/**
 * Follows the hash when the user edits it, pastes a link or goes back: the route
 * switches view, and changed settings are applied as if set in the controls.
 */
export function followHash(engine: EngineClient): void {
  window.addEventListener('hashchange', () => void applyHash(engine));
  window.addEventListener('popstate', () => void applyHash(engine));
}

async function applyHash(engine: EngineClient): Promise<void> {
  const { route, settings, notices } = decodeHash(location.hash);
  useLab.setState({ route });
  for (const n of notices) notify('error', n);
  const current = useLab.getState().settings;
  const patch = Object.fromEntries(Object.entries(settings).filter(([k, v]) => current[k as keyof typeof current] !== v));
  if (Object.keys(patch).length) await engine.set(patch).catch(() => writeHash(useLab.getState().settings));
}
