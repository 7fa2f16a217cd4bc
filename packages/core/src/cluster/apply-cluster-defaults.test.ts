import { describe, expect, it } from 'vitest';
import { applyClusterDefaults } from './apply-cluster-defaults.ts';

const cluster = {
  default_account: 'acct',
  default_partition: 'gpu',
  default_time_limit: '04:00:00',
  model_paths: { ds: '/models/ds' },
  containers: { latest: '/c/latest.sqsh' },
};

describe('applyClusterDefaults', () => {
  it('returns the document unchanged without a cluster file', () => {
    const doc = { name: 'x' };
    expect(applyClusterDefaults(doc, undefined)).toBe(doc);
  });

  it('creates the slurm section and fills every default', () => {
    expect(applyClusterDefaults({ name: 'x' }, cluster)).toStrictEqual({
      name: 'x',
      slurm: { account: 'acct', partition: 'gpu', time_limit: '04:00:00' },
    });
  });

  it('keeps keys the user wrote, even as null', () => {
    expect(applyClusterDefaults({ slurm: { account: null, partition: 'p' } }, cluster)).toStrictEqual({
      slurm: { account: null, partition: 'p', time_limit: '04:00:00' },
    });
  });

  it('skips empty cluster defaults', () => {
    expect(applyClusterDefaults({}, { default_account: '' })).toStrictEqual({ slurm: {} });
  });

  it('resolves whole-string model and container aliases only', () => {
    expect(applyClusterDefaults({ model: { path: 'ds', container: 'latest', precision: 'fp8' } }, cluster)).toMatchObject({
      model: { path: '/models/ds', container: '/c/latest.sqsh', precision: 'fp8' },
    });
    expect(applyClusterDefaults({ model: { path: 'ds/v2', container: '$HOME/latest' } }, cluster)).toMatchObject({
      model: { path: 'ds/v2', container: '$HOME/latest' },
    });
  });

  it('merges default_health_check key by key: recipe keys win, missing and null ones take the cluster value (fix V12)', () => {
    const defaults = { default_health_check: { max_attempts: 360, head_services_timeout_seconds: 2400, frontend_timeout_seconds: null } };
    expect(applyClusterDefaults({ health_check: { interval_seconds: 5, max_attempts: null } }, defaults)).toStrictEqual({
      slurm: {},
      health_check: { interval_seconds: 5, max_attempts: 360, head_services_timeout_seconds: 2400 },
    });
    expect(applyClusterDefaults({ health_check: { max_attempts: 720 } }, defaults)).toMatchObject({ health_check: { max_attempts: 720, head_services_timeout_seconds: 2400 } });
    expect(applyClusterDefaults({ health_check: null }, defaults)).toMatchObject({ health_check: { max_attempts: 360, head_services_timeout_seconds: 2400 } });
    expect(applyClusterDefaults({}, defaults)).toMatchObject({ health_check: { max_attempts: 360, head_services_timeout_seconds: 2400 } });
    expect(applyClusterDefaults({ health_check: [1] }, defaults)).toMatchObject({ health_check: [1] });
  });

  it('does not modify its input', () => {
    const doc = { model: { path: 'ds' }, slurm: {} };
    applyClusterDefaults(doc, cluster);
    expect(doc).toStrictEqual({ model: { path: 'ds' }, slurm: {} });
  });

  it.each([[['a list']], ['text'], [null]])('leaves a non-map document %j for validation to report', (doc) => {
    expect(applyClusterDefaults(doc, cluster)).toBe(doc);
  });

  it('leaves a non-map slurm section for validation to report', () => {
    expect(applyClusterDefaults({ slurm: 'x' }, cluster)).toStrictEqual({ slurm: 'x' });
  });
});
