import { describe, expect, it } from 'vitest';
import { renderNginxConf } from './nginx-conf.ts';

describe('renderNginxConf', () => {
  it('renders the reference template byte for byte for two frontends', () => {
    const conf = renderNginxConf({ upstreams: [{ host: '10.0.0.1', port: 8080 }, { host: '10.0.0.2', port: 8080 }], listenPort: 8000 });
    expect(conf).toBe(
      [
        '# Defines the group of servers to which NGINX will proxy requests.',
        '# NGINX will cycle through these servers in a round-robin fashion by default.',
        'worker_processes auto;',
        '',
        'http {',
        '    access_log off;',
        '    upstream backend_servers {',
        '        ',
        '        server 10.0.0.1:8080;',
        '        ',
        '        server 10.0.0.2:8080;',
        '        ',
        '    }',
        '',
        '    # The main server block that listens for incoming traffic.',
        '    server {',
        '        listen 8000; # Public-facing port for incoming HTTP requests.',
        '',
        '        location / {',
        '            # Pass the request to the upstream group defined above.',
        '            proxy_pass http://backend_servers;',
        '',
        '            proxy_buffering off;',
        '            proxy_read_timeout 24h;',
        '            proxy_send_timeout 24h;',
        '        }',
        '    }',
        '}',
        '',
        'events {',
        '    worker_connections 65535;',
        '    multi_accept on;',
        '    use epoll;',
        '}',
      ].join('\n'),
    );
  });

  it('lists one server line per frontend (three frontends behind port 8000)', () => {
    const conf = renderNginxConf({ upstreams: [1, 2, 3].map((n) => ({ host: `10.0.0.${n}`, port: 8080 })), listenPort: 8000 });
    expect(conf.split('\n').filter((l) => /^ +(server \S+:\d+;|listen )/.test(l))).toStrictEqual([
      '        server 10.0.0.1:8080;',
      '        server 10.0.0.2:8080;',
      '        server 10.0.0.3:8080;',
      '        listen 8000; # Public-facing port for incoming HTTP requests.',
    ]);
  });

  it('leaves one indented empty line for an empty upstream list', () => {
    expect(renderNginxConf({ upstreams: [], listenPort: 9000 })).toContain('    upstream backend_servers {\n        \n    }\n');
  });

  it('ends without a trailing newline', () => {
    expect(renderNginxConf({ upstreams: [{ host: 'h', port: 1 }], listenPort: 2 }).endsWith('}')).toBe(true);
  });
});
