import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findResultFiles } from './find-result-files.ts';

describe('findResultFiles', () => {
  it('lists result files in the benchmark folders, not logs, config dumps or service data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srt-results-'));
    const files = {
      'benchmark.out': '',
      'nginx.conf': '',
      'top.json': '',
      'sa-bench_isl_8_osl_8/isl_8_osl_8_concurrency_1_req_rate_inf.json': '{}',
      'sa-bench_isl_8_osl_8/benchmark-rollup.csv': '',
      'accuracy/report.html': '',
      'dumps/local-0_config.json': '{}',
      'etcd/member/snap.json': '',
    };
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    expect(findResultFiles(dir).map((f) => f.slice(dir.length + 1))).toStrictEqual([
      'accuracy/report.html',
      'sa-bench_isl_8_osl_8/benchmark-rollup.csv',
      'sa-bench_isl_8_osl_8/isl_8_osl_8_concurrency_1_req_rate_inf.json',
    ]);
  });

  it('finds nothing in a missing folder', () => {
    expect(findResultFiles('/nonexistent/srt')).toStrictEqual([]);
  });
});
