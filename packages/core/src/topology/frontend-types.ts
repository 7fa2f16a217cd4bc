/** Where frontends run and on which ports (topology.md §9). */
export interface FrontendTopology {
  /** Node running nginx, when several frontends sit behind it. */
  readonly nginxNode: string | undefined;
  readonly frontendNodes: readonly string[];
  /** Port each frontend listens on: 8000 without nginx, 8080 behind it. */
  readonly frontendPort: number;
  /** Port clients and the health check use: 8000. */
  readonly publicPort: number;
  readonly usesNginx: boolean;
}
