// Writes bench/results/latest.{md,json} and timestamped copies.
import fs from 'node:fs';
import path from 'node:path';

const fmt = (v, unit) => (v === null || v === undefined ? '–' : `${v.toLocaleString('en-US')} ${unit}`);

export function markdown(report) {
  const lines = [];
  lines.push(`# MediaNest benchmarks — ${report.finishedAt}`);
  lines.push('');
  lines.push(
    `Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, Node ${report.machine.node}; ` +
      `load average ${report.machine.loadBefore.join(' / ')} at the start, ${report.machine.loadAfter.join(' / ')} at the end ` +
      `(shared machine: absolute figures move with it, ratios to the same-run baselines much less). Total run ${report.totalSeconds} s.`,
  );
  lines.push('');
  const all = report.figures;
  const met = all.filter((f) => f.target?.met).length;
  const targets = all.filter((f) => f.target).length;
  const machineBound = all.filter((f) => f.target && !f.target.met && f.target.baselineMissesToo).length;
  lines.push(
    `**Targets met: ${met} of ${targets}.**` +
      (machineBound ? ` ⚠️ marks ${machineBound} miss(es) where the bare baseline misses the same limit in this run: the machine, not MediaNest, sets that figure.` : ''),
  );
  lines.push('');
  lines.push('| Benchmark | Figure | Value | Baseline (same run) | Ratio | Target | Met | Margin |');
  lines.push('|---|---|---:|---|---:|---|:-:|---|');
  for (const f of all) {
    const baseline = f.baseline ? `${f.baseline.name}: ${fmt(f.baseline.value, f.unit)}` : '';
    const target = f.target ? f.target.text : '';
    const ok = f.target ? (f.target.met ? '✅' : f.target.baselineMissesToo ? '❌ ⚠️' : '❌') : '';
    lines.push(`| ${f.benchmark} | ${f.name}${f.note ? `<br><sub>${f.note}</sub>` : ''} | ${fmt(f.value, f.unit)} | ${baseline} | ${f.ratio ?? ''} | ${target} | ${ok} | ${f.target?.margin ?? ''} |`);
  }
  if (report.sizes) {
    lines.push('');
    lines.push('## Web app build, per route');
    lines.push('');
    lines.push(`Loaded up front by every route: ${report.sizes.initial.rawKb} kB, ${report.sizes.initial.gzipKb} kB gzip (${report.sizes.initial.files.join(', ')}).`);
    lines.push('');
    lines.push('| Route | Page chunk | Own chunks | Raw kB | Gzip kB | Gzip kB incl. up-front |');
    lines.push('|---|---|---:|---:|---:|---:|');
    for (const r of report.sizes.routes) {
      lines.push(r.missing ? `| ${r.route} | ${r.page} | chunk not found | | | |` : `| ${r.route} | ${r.page} | ${r.chunks} | ${r.rawKb} | ${r.gzipKb} | ${r.totalGzipKb} |`);
    }
  }
  if (report.details?.scale?.plans?.length) {
    lines.push('');
    lines.push('## Query plans of the large instance');
    lines.push('');
    lines.push('Every distinct statement the server ran during the data-growth measurement, with the plan PostgreSQL chose (auto_explain).');
    for (const p of report.details.scale.plans) {
      lines.push('');
      lines.push(`- ${p.seqScans.length ? `❌ sequential scan over ${p.seqScans.join(', ')}` : '✅ no sequential scan over a big table'}: \`${p.query.replace(/`/g, "'")}\``);
      lines.push('');
      lines.push('  ```');
      for (const l of p.plan.split('\n').filter((x) => /(Scan|Limit|Sort|Aggregate|Join|Loop)/.test(x)).slice(0, 12)) lines.push(`  ${l.trim()}`);
      lines.push('  ```');
    }
  }
  if (report.errors.length > 0) {
    lines.push('');
    lines.push('## Benchmarks that failed to run');
    lines.push('');
    for (const e of report.errors) lines.push(`- **${e.benchmark}**: ${e.message.split('\n')[0]}`);
  }
  lines.push('');
  lines.push('Reproduce: `npm run bench` (see bench/README.md). Raw samples are in latest.json.');
  lines.push('');
  return lines.join('\n');
}

export function writeReport(dir, report) {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = report.finishedAt.replace(/[:.]/g, '-');
  const md = markdown(report);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  fs.writeFileSync(path.join(dir, 'latest.md'), md);
  fs.writeFileSync(path.join(dir, 'latest.json'), json);
  fs.writeFileSync(path.join(dir, `${stamp}.md`), md);
  fs.writeFileSync(path.join(dir, `${stamp}.json`), json);
  return md;
}
