import { describe, expect, it } from 'vitest';
import { formatTemplate } from './format-template.ts';
import { placeholderValues } from './placeholder-values.ts';

describe('placeholderValues', () => {
  it('names every placeholder a recipe can use', () => {
    const values = placeholderValues({
      jobId: '42',
      runName: 'r_42',
      headNodeIp: '10.1.2.3',
      logDir: '/o/42/logs',
      modelPath: '/m',
      containerImage: '/c.sqsh',
      gpusPerNode: 8,
    });
    expect(values).toStrictEqual({
      job_id: '42',
      run_name: 'r_42',
      head_node_ip: '10.1.2.3',
      log_dir: '/o/42/logs',
      model_path: '/m',
      container_image: '/c.sqsh',
      gpus_per_node: 8,
    });
    expect(formatTemplate('{log_dir}/{gpus_per_node:02d}', values)).toBe('/o/42/logs/08');
  });
});
