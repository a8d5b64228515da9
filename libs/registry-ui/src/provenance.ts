import { Html, markup } from './html';
import { OfficialMeta, displayTime, isObject, strings, text } from './server-document';

/** How a badge reads at a glance; the words carry the meaning, the tone only reinforces it. */
export type BadgeTone = 'good' | 'warning' | 'bad' | 'neutral';

export interface Badge {
  /** What the badge says, as text (never colour alone). */
  label: string;
  tone: BadgeTone;
  /** More words: when, which namespace, why it failed. */
  detail?: string;
}

/** The claim that speaks for the server's namespace (`namespace` under the registry's entry key). */
export interface NamespaceStanding {
  namespace?: string;
  method?: string;
  status?: string;
  since?: string;
}

export interface PackageOwnership {
  status?: string;
  checkedAt?: string;
  failures: string[];
}

/** The registry's own `_meta` entry (`<MCP_REGISTRY_META_NAMESPACE>/entry`) of a version. */
export interface EntryProvenance {
  serverId?: string;
  versionId?: string;
  namespace?: NamespaceStanding;
  packageOwnership?: PackageOwnership;
}

export function entryProvenance(meta: Record<string, unknown>, metaNamespace: string): EntryProvenance {
  const entry = meta[`${metaNamespace}/entry`];
  if (!isObject(entry)) return {};
  const out: EntryProvenance = {};
  if (text(entry.serverId) !== undefined) out.serverId = text(entry.serverId);
  if (text(entry.versionId) !== undefined) out.versionId = text(entry.versionId);
  if (isObject(entry.namespace)) {
    const ns = entry.namespace;
    out.namespace = {
      namespace: text(ns.namespace),
      method: text(ns.method),
      status: text(ns.status),
      since: text(ns.since),
    };
  }
  if (isObject(entry.packageOwnership)) {
    const po = entry.packageOwnership;
    out.packageOwnership = {
      status: text(po.status),
      checkedAt: text(po.checkedAt),
      failures: strings(po.failures),
    };
  }
  return out;
}

const METHOD_WORDS: Record<string, string> = { dns: 'DNS', http: 'HTTP', github: 'GitHub' };

function since(label: string, at: string | undefined): string | undefined {
  return at === undefined ? undefined : `${label} ${displayTime(at)}`;
}

/** The lifecycle status, the namespace claim and the package ownership re-check, as badges. */
export function provenanceBadges(official: OfficialMeta, entry: EntryProvenance): Badge[] {
  const badges: Badge[] = [];
  const status = official.status;
  if (status === 'deprecated') {
    badges.push({ label: 'deprecated', tone: 'warning', detail: official.statusMessage });
  } else if (status === 'deleted') {
    badges.push({ label: 'deleted', tone: 'bad', detail: official.statusMessage });
  } else if (status !== undefined) {
    badges.push({ label: status, tone: 'neutral' });
  }

  const ns = entry.namespace;
  if (ns !== undefined) {
    const method = ns.method === undefined ? '' : ` (${METHOD_WORDS[ns.method] ?? ns.method})`;
    const detail = [ns.namespace, since('since', ns.since)].filter((s) => s !== undefined).join(', ');
    if (ns.status === 'verified') {
      badges.push({ label: `namespace proven${method}`, tone: 'good', detail });
    } else if (ns.status === 'grace') {
      badges.push({ label: `namespace claim in grace${method}`, tone: 'warning', detail });
    } else if (ns.status === 'revoked') {
      badges.push({ label: 'namespace claim revoked', tone: 'bad', detail });
    }
  }

  const po = entry.packageOwnership;
  if (po !== undefined) {
    const checked = since('checked', po.checkedAt);
    if (po.status === 'verified') {
      badges.push({ label: 'packages verified', tone: 'good', detail: checked });
    } else if (po.status === 'failed') {
      const detail = [checked, ...po.failures].filter((s) => s !== undefined).join('; ');
      badges.push({ label: 'package ownership check failed', tone: 'bad', detail });
    }
  }
  return badges;
}

/** Symbols for each tone, hidden from screen readers: the label already says it. */
const TONE_MARKS: Record<BadgeTone, string> = { good: '✓', warning: '!', bad: '✗', neutral: '•' };

/**
 * The badges as a list of labels (the detail as a tooltip); with `withDetail`, followed by the
 * details in words, which a tooltip alone would hide from touch screens and keyboards.
 */
export function renderBadges(badges: readonly Badge[], withDetail = false): Html {
  if (badges.length === 0) return markup``;
  const detailed = badges.filter((b) => b.detail !== undefined && b.detail !== '');
  const items = badges.map((b) => {
    const title = b.detail !== undefined && b.detail !== '' ? markup` title="${b.detail}"` : '';
    return markup`<li class="badge badge-${b.tone}"${title}><span aria-hidden="true">${TONE_MARKS[b.tone]}</span> ${b.label}</li>`;
  });
  const notes =
    withDetail && detailed.length > 0
      ? markup`<ul class="badge-notes">${detailed.map((b) => markup`<li><strong>${b.label}</strong>: ${b.detail}</li>`)}</ul>`
      : '';
  return markup`<ul class="badges" aria-label="Status and provenance">${items}</ul>${notes}`;
}
