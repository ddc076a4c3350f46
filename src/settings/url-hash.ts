import { defaultSettings, SETTINGS, SETTING_KEYS, type SettingKey, type Settings } from './schema';

export const HASH_VERSION = 1;

export interface DecodedHash {
  route: string;
  settings: Settings;
  /** Human-readable notes about values that were ignored. */
  notices: string[];
}

/** Settings → "#/lab?v=1&latent=32": only values that differ from the defaults. */
export function encodeHash(settings: Settings, route = '/lab'): string {
  const defaults = defaultSettings();
  const params = new URLSearchParams({ v: String(HASH_VERSION) });
  for (const k of SETTING_KEYS) {
    if (settings[k] !== defaults[k]) params.set(k, String(settings[k]));
  }
  return `#${route}?${params.toString()}`;
}

function parseValue(key: SettingKey, raw: string): unknown {
  const d = SETTINGS[key].default;
  if (typeof d === 'number') return raw.trim() === '' ? NaN : Number(raw);
  if (typeof d === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/** "#/lab?v=1&latent=32" → settings; bad or unknown values fall back to defaults with a notice. */
export function decodeHash(hash: string): DecodedHash {
  const settings = defaultSettings() as Record<SettingKey, unknown>;
  const notices: string[] = [];
  const body = hash.replace(/^#/, '');
  const q = body.indexOf('?');
  const route = (q === -1 ? body : body.slice(0, q)) || '/lab';
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(q === -1 ? '' : body.slice(q + 1));
  } catch {
    return { route, settings: settings as Settings, notices: ['The link could not be read; defaults are loaded.'] };
  }
  const version = params.get('v');
  if (version !== null && version !== String(HASH_VERSION)) {
    notices.push(`The link uses settings version ${version}; this lab reads version ${HASH_VERSION}. Values were read where they still fit.`);
  }
  for (const [key, raw] of params) {
    if (key === 'v') continue;
    if (!(SETTING_KEYS as string[]).includes(key)) {
      notices.push(`The link's setting "${key}" is unknown and was ignored.`);
      continue;
    }
    const k = key as SettingKey;
    const parsed = SETTINGS[k].schema.safeParse(parseValue(k, raw));
    if (parsed.success) settings[k] = parsed.data;
    else notices.push(`The link's ${k}=${raw} is invalid (${parsed.error.issues[0]?.message}); the default ${String(SETTINGS[k].default)} is used.`);
  }
  return { route, settings: settings as Settings, notices };
}
