/** One nginx upstream server: a frontend's address and port. */
export interface NginxUpstream {
  readonly host: string;
  readonly port: number;
}

export interface RenderNginxConfOptions {
  /** Frontend addresses (IPs, resolved at the edge), in round-robin order. */
  readonly upstreams: readonly NginxUpstream[];
  /** Public port nginx listens on (8000). */
  readonly listenPort: number;
  /** Address to listen on; all addresses when absent (the reference's `listen 8000;`). */
  readonly listenHost?: string;
}

/**
 * The nginx.conf that round-robins the public port over the frontends, byte-identical to
 * the reference template's output (topology.md §9.1): an indented empty line around each
 * `server` line, no trailing newline.
 *
 * @example
 * renderNginxConf({ upstreams: [{ host: '10.0.0.2', port: 8080 }], listenPort: 8000 })
 */
export function renderNginxConf({ upstreams, listenPort, listenHost }: RenderNginxConfOptions): string {
  const listen = listenHost === undefined ? String(listenPort) : `${listenHost.includes(':') ? `[${listenHost}]` : listenHost}:${listenPort}`;
  const servers = upstreams.map((u) => `\n        server ${u.host}:${u.port};\n        `).join('');
  return `# Defines the group of servers to which NGINX will proxy requests.
# NGINX will cycle through these servers in a round-robin fashion by default.
worker_processes auto;

http {
    access_log off;
    upstream backend_servers {
        ${servers}
    }

    # The main server block that listens for incoming traffic.
    server {
        listen ${listen}; # Public-facing port for incoming HTTP requests.

        location / {
            # Pass the request to the upstream group defined above.
            proxy_pass http://backend_servers;

            proxy_buffering off;
            proxy_read_timeout 24h;
            proxy_send_timeout 24h;
        }
    }
}

events {
    worker_connections 65535;
    multi_accept on;
    use epoll;
}`;
}
