import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, run, tempDir } from './helpers';

const dir = path.join(repoRoot, 'infrastructure', 'monitoring');

describe('monitoring configuration', () => {
  it('is a valid Prometheus config scraping /metrics with a bearer token file', async () => {
    // promtool insists the credentials file exists; point it at a throwaway one.
    const tmp = tempDir('prom');
    const token = path.join(tmp, 'metrics_token');
    fs.writeFileSync(token, 'x'.repeat(32));
    const config = fs.readFileSync(path.join(dir, 'prometheus.yml'), 'utf8').replace('/run/secrets/metrics_token', token);
    expect(config).toContain('metrics_path: /metrics');
    fs.writeFileSync(path.join(tmp, 'prometheus.yml'), config);
    fs.copyFileSync(path.join(dir, 'alerts.yml'), path.join(tmp, 'alerts.yml'));
    const result = await run('promtool', ['check', 'config', path.join(tmp, 'prometheus.yml')]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it('has alert rules for every target of the seed, all valid', async () => {
    const result = await run('promtool', ['check', 'rules', path.join(dir, 'alerts.yml')]);
    expect(result.code).toBe(0);
    const rules = fs.readFileSync(path.join(dir, 'alerts.yml'), 'utf8');
    for (const metric of ['http_request_duration_seconds_bucket', 'status_code=~"5.."', 'process_cpu_seconds_total', 'process_resident_memory_bytes', 'node_filesystem_avail_bytes', 'medianest_service_up']) {
      expect(rules).toContain(metric);
    }
    for (const threshold of ['> 0.1', '> 0.01', '> 0.8', '> 0.85', '> 0.9']) expect(rules).toContain(threshold);
  });
});
