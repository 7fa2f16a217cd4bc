import type { ConfigIssue, PathKey } from './config-error.ts';
import type { RuleInput } from './config-rule.ts';
import { deriveResources } from './derive-resources.ts';
import type { FrontendConfig, FrontendType, SrtConfig } from './schema.ts';

/**
 * The frontend that runs (engines.md §5.5): `frontend.type` when written, else `sglang` when
 * `use_sglang_router: true`, else `dynamo`.
 *
 * @example frontendType({ use_sglang_router: true }) // → 'sglang'
 */
export function frontendType(frontend: Pick<FrontendConfig, 'type' | 'use_sglang_router'>): FrontendType {
  return frontend.type ?? (frontend.use_sglang_router ? 'sglang' : 'dynamo');
}

/**
 * The engine whose frontend rules apply: the backend type, or the engine a mock imitates
 * (`backend.engine`); `undefined` for a mock without engine (it accepts every frontend).
 *
 * @example frontendEngine(config.backend) // → 'trtllm'; for backend: { type: mock, engine: vllm } → 'vllm'
 */
export function frontendEngine(backend: SrtConfig['backend']): string | undefined {
  const section = backend as Readonly<Record<string, unknown>>;
  if (backend.type !== 'mock') return backend.type;
  const engine = section['engine'];
  return typeof engine === 'string' ? engine : undefined;
}

/** Which frontends each engine can run behind (engines.md §5.4, the "broken" cells rejected, E3). */
export const FRONTEND_MATRIX: Readonly<Record<string, readonly FrontendType[]>> = {
  sglang: ['dynamo', 'sglang'],
  vllm: ['dynamo', 'vllm'],
  trtllm: ['dynamo', 'trtllm_serve'],
};

/** Keys of ser.yaml the trtllm_serve frontend owns (E12). */
const OWNED_SERVER_KEYS = ['hostname', 'port'] as const;
const OWNED_LIST_KEYS = ['urls', 'num_instances'] as const;

/**
 * `frontend.type` checks at load (engines.md §5.4–5.5): `use_sglang_router` must agree with
 * `type`; `args` and the legacy map of the same frontend are exclusive; the backend/frontend
 * matrix (E3: an incompatible pair never starts); `vllm` / `trtllm_serve` serve one public
 * endpoint (no nginx) and need the worker layout they can serve.
 *
 * @example frontendTypeRule({ config, document }) // backend.type vllm, frontend.type sglang → [{ path: ['frontend', 'type'], message: 'frontend.type: sglang cannot front backend.type: vllm; vllm runs behind dynamo or vllm (docs/engines.md, compatibility matrix)' }]
 */
export function frontendTypeRule({ config, document }: RuleInput): readonly ConfigIssue[] {
  const f = config.frontend;
  const issues: ConfigIssue[] = [];
  const written = (document['frontend'] ?? {}) as Readonly<Record<string, unknown>>;
  const type = frontendType(f);
  const typePath: PathKey[] = f.type != null ? ['frontend', 'type'] : ['frontend', 'use_sglang_router'];
  if (f.type != null && written['use_sglang_router'] != null && f.use_sglang_router !== (f.type === 'sglang')) {
    issues.push({
      path: ['frontend', 'use_sglang_router'],
      message: `use_sglang_router: ${String(f.use_sglang_router)} contradicts frontend.type: ${f.type}; delete use_sglang_router (type: sglang is the SGLang router)`,
    });
  }
  const legacy = type === 'sglang' ? 'sglang_router_args' : type === 'dynamo' ? 'dynamo_frontend_args' : undefined;
  if (f.args != null && legacy !== undefined && f[legacy] != null) {
    issues.push({ path: ['frontend', legacy], message: `use one of frontend.args and frontend.${legacy}, not both`, atKey: true });
  }
  const engine = frontendEngine(config.backend);
  const allowed = engine === undefined ? undefined : FRONTEND_MATRIX[engine];
  if (allowed !== undefined && !allowed.includes(type)) {
    issues.push({
      path: typePath,
      message: `frontend.type: ${type} cannot front backend.type: ${engine}; ${engine} runs behind ${allowed.join(' or ')} (docs/engines.md, compatibility matrix)`,
    });
    return issues;
  }
  if (type !== 'vllm' && type !== 'trtllm_serve') return issues;
  if (f.enable_multiple_frontends) {
    issues.push({
      path: ['frontend', 'enable_multiple_frontends'],
      message: `frontend.type: ${type} ${type === 'vllm' ? 'binds vllm serve directly' : 'uses one public endpoint'}; set frontend.enable_multiple_frontends: false`,
    });
  }
  const r = deriveResources(config.resources);
  if (type === 'vllm') {
    if (r.isDisaggregated) issues.push({ path: typePath, message: 'frontend.type: vllm supports aggregate jobs only, not disaggregated layouts; use type: dynamo for prefill/decode workers' });
    else if (r.numAgg !== 1) issues.push({ path: ['resources', 'agg_workers'], message: `frontend.type: vllm supports exactly one aggregate worker, got ${r.numAgg}; set resources.agg_workers: 1 or use type: dynamo` });
  } else {
    if (!r.isDisaggregated && r.numAgg !== 1) {
      issues.push({ path: ['resources', 'agg_workers'], message: 'frontend.type: trtllm_serve aggregate mode requires exactly one aggregate worker (set resources.agg_workers: 1)' });
    }
    const extra = f.server_config_extra ?? {};
    for (const key of OWNED_SERVER_KEYS) {
      if (Object.hasOwn(extra, key)) issues.push({ path: ['frontend', 'server_config_extra', key], message: `${key} of ser.yaml is set by srtctl (the public endpoint); delete it here`, atKey: true });
    }
    for (const list of ['context_servers', 'generation_servers'] as const) {
      const section = extra[list];
      if (section === null || typeof section !== 'object') continue;
      for (const key of OWNED_LIST_KEYS) {
        if (Object.hasOwn(section, key)) issues.push({ path: ['frontend', 'server_config_extra', list, key], message: `${list}.${key} of ser.yaml lists the planned workers; delete it here`, atKey: true });
      }
    }
  }
  return issues;
}

/**
 * The trtllm_serve-only keys are ignored by other frontends: say so.
 *
 * @example frontendKeysWarning({ config, document }) // frontend.type dynamo with gen_router set → [{ path: ['frontend', 'gen_router'], message: 'ignored: only frontend.type: trtllm_serve uses gen_router', atKey: true }]
 */
export function frontendKeysWarning({ config }: RuleInput): readonly ConfigIssue[] {
  const f = config.frontend;
  const type = frontendType(f);
  const issues: ConfigIssue[] = [];
  if (type !== 'trtllm_serve') {
    for (const key of ['ctx_router', 'gen_router', 'server_config_extra'] as const) {
      if (f[key] != null) issues.push({ path: ['frontend', key], message: `ignored: only frontend.type: trtllm_serve uses ${key}`, atKey: true });
    }
  }
  for (const key of ['sglang_router_args', 'dynamo_frontend_args'] as const) {
    const own = (key === 'sglang_router_args') === (type === 'sglang') && (type === 'sglang' || type === 'dynamo');
    if (f[key] != null && !own) issues.push({ path: ['frontend', key], message: `ignored: frontend.type ${type} does not use ${key}; use frontend.args`, atKey: true });
  }
  return issues;
}

/**
 * `dynamo:` source checks (engines.md §6.1, E13: `version` with another source is an error, not silently cleared).
 *
 * @example dynamoRule({ config, document }) // dynamo: { hash: 'abc1234', wheel: '1.2.0' } → [{ path: ['dynamo', 'wheel'], message: 'Cannot specify both Dynamo install sources: hash and wheel; keep one', atKey: true }]
 */
export function dynamoRule({ config }: RuleInput): readonly ConfigIssue[] {
  const d = config.dynamo;
  if (d == null) return [];
  const issues: ConfigIssue[] = [];
  const sources = (['hash', 'top_of_tree', 'wheel'] as const).filter((k) => (k === 'top_of_tree' ? d.top_of_tree === true : d[k] != null));
  if (sources.length > 1) issues.push({ path: ['dynamo', sources[1]!], message: `Cannot specify both Dynamo install sources: ${sources.join(' and ')}; keep one`, atKey: true });
  if (d.version != null && sources.length > 0) issues.push({ path: ['dynamo', 'version'], message: `dynamo.version cannot be combined with dynamo.${sources[0]}; delete one of them`, atKey: true });
  if (d.wheel != null && (d.wheel.includes('/') || d.wheel.endsWith('.whl') || !/^[A-Za-z0-9][A-Za-z0-9.+!-]*$/.test(d.wheel))) {
    issues.push({ path: ['dynamo', 'wheel'], message: "dynamo.wheel must be a package version like '1.2.0.dev20260426', not a filename" });
  }
  if (d.hash != null && !/^[0-9a-fA-F]{7,40}$/.test(d.hash)) issues.push({ path: ['dynamo', 'hash'], message: 'dynamo.hash must be a git commit (7 to 40 hex digits)' });
  if (d.version != null && !/^[A-Za-z0-9][A-Za-z0-9.+!-]*$/.test(d.version)) issues.push({ path: ['dynamo', 'version'], message: 'dynamo.version must be a package version like 0.7.0' });
  return issues;
}
