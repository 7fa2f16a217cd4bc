import { describe, expect, it } from 'vitest';
import { fakeProcess } from '../testing/fake-runtime.ts';
import { assertNoDeploymentConflicts, findDeploymentConflicts, workerPortBindings } from './validate-deployment.ts';

describe('findDeploymentConflicts', () => {
  it('finds GPUs and ports used twice on one node, and nothing across nodes', () => {
    expect(
      findDeploymentConflicts(
        [
          { node: 'a', gpus: [0, 1], owner: 'p0' },
          { node: 'a', gpus: [1, 2], owner: 'd0' },
          { node: 'b', gpus: [0, 1], owner: 'd1' },
        ],
        [
          { node: 'a', port: 8000, owner: 'nginx' },
          { node: 'a', port: 8000, owner: 'frontend_0' },
          { node: 'b', port: 8000, owner: 'frontend_1' },
        ],
      ),
    ).toStrictEqual(['GPU 1 on a is given to both p0 and d0', 'port 8000 on a is bound by both nginx and frontend_0']);
  });
});

describe('assertNoDeploymentConflicts', () => {
  it('passes a clean plan and throws SRT_PLAN_INVALID with every conflict otherwise', () => {
    expect(() => assertNoDeploymentConflicts([{ node: 'a', gpus: [0], owner: 'x' }], [])).not.toThrow();
    expect(() => assertNoDeploymentConflicts([], [{ node: 'a', port: 1, owner: 'x' }, { node: 'a', port: 1, owner: 'y' }])).toThrow(
      expect.objectContaining({ code: 'SRT_PLAN_INVALID', details: ['port 1 on a is bound by both x and y'] }),
    );
  });
});

describe('workerPortBindings', () => {
  it.each([
    ['a Dynamo leader binds only its system port', fakeProcess(), { servesHttp: false, bootstrapPort: undefined, distInitPort: undefined }, [8081]],
    ['a router-mode prefill leader adds HTTP and bootstrap', fakeProcess(), { servesHttp: true, bootstrapPort: 31000, distInitPort: undefined }, [8081, 30000, 31000]],
    ['a multi-node leader adds the rendezvous port', fakeProcess(), { servesHttp: false, bootstrapPort: undefined, distInitPort: 29500 }, [8081, 29500]],
    ['a non-leader binds only its system port', fakeProcess({ nodeRank: 1, httpPort: 0 }), { servesHttp: true, bootstrapPort: 31000, distInitPort: 29500 }, [8081]],
  ] as const)('%s', (_n, p, opts, ports) => {
    expect(workerPortBindings(p, 'w', opts).map((b) => b.port)).toStrictEqual(ports);
  });
});
