import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Child, ChildProcesses } from './processes';

export const NGINX_BIN = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

/**
 * A minimal nginx load balancer in front of several backend instances, as in a
 * rolling restart: keep-alive to the upstreams, WebSocket upgrade for
 * Socket.IO, and failover of a request to the next instance when one refuses
 * connections or answers 502/503.
 */
export function nginxConfig(listenPort: number, backendPorts: number[], prefix: string): string {
  const servers = backendPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n');
  return `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; "" ""; }
  upstream medianest {
${servers}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${listenPort};
    location / {
      proxy_pass http://medianest;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
    }
  }
}
`;
}

/** Starts nginx in the foreground (so the test owns the process) with its own prefix folder. */
export function startNginx(children: ChildProcesses, listenPort: number, backendPorts: number[]): { child: Child; prefix: string; cleanup(): void } {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'mn-nginx-'));
  // Workers drop root privileges and still need to write their temp files here.
  fs.chmodSync(prefix, 0o777);
  const conf = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig(listenPort, backendPorts, prefix));
  const child = children.start(NGINX_BIN, ['-p', prefix, '-c', conf, '-e', path.join(prefix, 'error.log'), '-g', 'daemon off;'], {});
  return { child, prefix, cleanup: () => fs.rmSync(prefix, { recursive: true, force: true }) };
}
