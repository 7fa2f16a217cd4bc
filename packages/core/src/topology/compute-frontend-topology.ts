import type { FrontendConfig } from '../config/schema.ts';
import { SrtError } from '../errors.ts';
import type { Nodes } from '../runtime/types.ts';
import type { FrontendTopology } from './frontend-types.ts';

/** Port of the public endpoint (the single frontend, or nginx in front of several). */
export const PUBLIC_PORT = 8000;
/** Port each frontend listens on behind nginx. */
export const FRONTEND_PORT_BEHIND_NGINX = 8080;

/**
 * Where frontends run (topology.md §9). One node, or multiple frontends disabled: one
 * frontend on the head, on 8000. Otherwise nginx on the head (8000) in front of the first
 * `min(num_additional_frontends + 1, other nodes)` non-head nodes, each on 8080; the head
 * then runs no frontend.
 *
 * @example
 * computeFrontendTopology(createNodes(['n0', 'n1', 'n2']), config.frontend)
 * // → { nginxNode: 'n0', frontendNodes: ['n1', 'n2'], frontendPort: 8080, publicPort: 8000, usesNginx: true }
 */
export function computeFrontendTopology(
  nodes: Nodes,
  frontend: Pick<FrontendConfig, 'enable_multiple_frontends' | 'num_additional_frontends'>,
): FrontendTopology {
  const extra = frontend.num_additional_frontends;
  if (!Number.isSafeInteger(extra) || extra < 0) {
    throw new SrtError('SRT_CONFIG_INVALID', `frontend.num_additional_frontends must be a whole number of 0 or more, got ${String(extra)}`);
  }
  if (nodes.worker.length <= 1 || !frontend.enable_multiple_frontends) {
    return { nginxNode: undefined, frontendNodes: [nodes.head], frontendPort: PUBLIC_PORT, publicPort: PUBLIC_PORT, usesNginx: false };
  }
  const others = nodes.worker.filter((n) => n !== nodes.head);
  return {
    nginxNode: nodes.head,
    frontendNodes: others.slice(0, Math.min(extra + 1, others.length)),
    frontendPort: FRONTEND_PORT_BEHIND_NGINX,
    publicPort: PUBLIC_PORT,
    usesNginx: true,
  };
}
