import { spawnSync } from 'node:child_process';
import { shellJoin } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { buildSrunCommand, renderContainerMounts } from './build-srun-command.ts';

describe('buildSrunCommand', () => {
  it('reproduces the decode-worker example of backends.md §8 token for token', () => {
    const argv = buildSrunCommand({
      command: ['python3', '-m', 'dynamo.sglang', '--model-path', '/models/DeepSeek-R1', '--served-model-name', 'dsr1', '--host', '0.0.0.0', '--disaggregation-mode', 'decode', '--dump-config-to', '<cwd>/outputs/4242/logs/n2_config.json', '--tp', '4'],
      nodes: 1,
      ntasks: 1,
      nodelist: ['n2'],
      output: '<cwd>/outputs/4242/logs/n2_decode_w0.out',
      containerImage: '/c/sglang.sqsh',
      containerMounts: [
        { host: '/models/DeepSeek-R1', container: '/model' },
        { host: '<cwd>/outputs/4242/logs', container: '/logs' },
        { host: '<SRC>/configs', container: '/configs' },
        { host: '<SRC>/src/srtctl/benchmarks/scripts', container: '/srtctl-benchmarks' },
      ],
      bashWrapper: {
        preamble:
          "echo 'Running setup script: /configs/my.sh' && if [ -f '/configs/my.sh' ]; then bash '/configs/my.sh'; else echo 'WARNING: /configs/my.sh not found'; fi && echo 'Installing dynamo...' && pip install --quiet ai-dynamo-runtime==0.7.0 ai-dynamo==0.7.0 && echo 'Dynamo installed'",
        env: [
          ['HEAD_NODE_IP', '10.0.0.1'],
          ['ETCD_ENDPOINTS', 'http://n1:2379'],
          ['NATS_SERVER', 'nats://n1:4222'],
          ['DYN_SYSTEM_PORT', '8082'],
          ['D', '1'],
          ['GLOBAL_X', '1'],
          ['CUDA_VISIBLE_DEVICES', '0,1,2,3'],
        ],
      },
    });
    expect(argv.slice(0, -1)).toStrictEqual([
      'srun', '--overlap', '--nodes', '1', '--ntasks', '1', '--nodelist', 'n2', '--output', '<cwd>/outputs/4242/logs/n2_decode_w0.out',
      '--container-image', '/c/sglang.sqsh', '--no-container-entrypoint', '--no-container-mount-home',
      '--container-mounts', '/models/DeepSeek-R1:/model,<cwd>/outputs/4242/logs:/logs,<SRC>/configs:/configs,<SRC>/src/srtctl/benchmarks/scripts:/srtctl-benchmarks',
      'bash', '-c',
    ]);
    expect(argv.at(-1)).toBe(
      "echo 'Running setup script: /configs/my.sh' && if [ -f '/configs/my.sh' ]; then bash '/configs/my.sh'; else echo 'WARNING: /configs/my.sh not found'; fi && echo 'Installing dynamo...' && pip install --quiet ai-dynamo-runtime==0.7.0 ai-dynamo==0.7.0 && echo 'Dynamo installed' && export HEAD_NODE_IP=10.0.0.1 && export ETCD_ENDPOINTS=http://n1:2379 && export NATS_SERVER=nats://n1:4222 && export DYN_SYSTEM_PORT=8082 && export D=1 && export GLOBAL_X=1 && export CUDA_VISIBLE_DEVICES=0,1,2,3 && python3 -m dynamo.sglang --model-path /models/DeepSeek-R1 --served-model-name dsr1 --host 0.0.0.0 --disaggregation-mode decode --dump-config-to '<cwd>/outputs/4242/logs/n2_config.json' --tp 4",
    );
  });

  it.each([
    ['defaults: overlap, one node, one task, argv as is', { command: ['hostname'] }, 'srun --overlap --nodes 1 --ntasks 1 hostname'],
    ['no overlap', { command: ['hostname'], overlap: false }, 'srun --nodes 1 --ntasks 1 hostname'],
    ['cpus per task and several nodes', { command: ['x'], nodes: 2, ntasks: 2, cpusPerTask: 4, nodelist: ['a', 'b'] }, 'srun --overlap --nodes 2 --ntasks 2 --cpus-per-task 4 --nodelist a,b x'],
    ['mounts are ignored without an image', { command: ['x'], containerMounts: [{ host: '/a', container: '/b' }] }, 'srun --overlap --nodes 1 --ntasks 1 x'],
    ['image without mounts', { command: ['x'], containerImage: '/i.sqsh' }, 'srun --overlap --nodes 1 --ntasks 1 --container-image /i.sqsh --no-container-entrypoint --no-container-mount-home x'],
    ['srun options after container flags, empty value is a bare flag', { command: ['x'], containerImage: '/i.sqsh', srunOptions: { 'mpi': 'pmix', 'exclusive': '' } }, 'srun --overlap --nodes 1 --ntasks 1 --container-image /i.sqsh --no-container-entrypoint --no-container-mount-home --mpi pmix --exclusive x'],
    ['bash wrapper without env or preamble', { command: ['python3', 'a b'], bashWrapper: {} }, "srun --overlap --nodes 1 --ntasks 1 bash -c 'python3 '\"'\"'a b'\"'\"''"],
  ] as const)('%s', (_name, opts, expected) => {
    expect(shellJoin(buildSrunCommand(opts))).toBe(expected);
  });

  it('keeps hostile recipe values intact through the bash -c string', () => {
    const hostile = ["'; touch /tmp/srt-pwned; '", '$(id)', '`id`', 'a\nb', 'x y;z'];
    const argv = buildSrunCommand({
      command: [process.execPath, '-e', 'process.stdout.write(JSON.stringify([process.argv.slice(1), process.env.SRT_H]))', ...hostile],
      bashWrapper: { env: [['SRT_H', hostile.join('|')]] },
    });
    const bashC = argv.slice(argv.indexOf('bash'));
    expect(bashC.slice(0, 2)).toStrictEqual(['bash', '-c']);
    const out = spawnSync('bash', bashC.slice(1), { encoding: 'utf8' });
    expect(JSON.parse(out.stdout)).toStrictEqual([hostile, hostile.join('|')]);
  });
});

describe('buildSrunCommand srun_options checks', () => {
  it('rejects option names that are not srun long options or that srtctl sets itself', () => {
    let error: unknown;
    try {
      buildSrunCommand({ command: ['x'], srunOptions: { '--mpi': 'pmix', 'a b': '', nodelist: 'n9', output: '/tmp/x', exclusive: '' } });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'SRT_CONFIG_INVALID' });
    expect((error as { details: readonly string[] }).details).toStrictEqual([
      'srun_options.--mpi: not an srun option name',
      'srun_options.a b: not an srun option name',
      'srun_options.nodelist: set by srtctl for every step',
      'srun_options.output: set by srtctl for every step',
    ]);
    expect((error as Error).message).toMatchInlineSnapshot(`"srun_options has keys srtctl cannot pass to srun: use long option names without dashes (e.g. \`mpi: pmix\`), and leave the flags srtctl sets to it"`);
  });
});

describe('renderContainerMounts', () => {
  it('joins host:container pairs with commas in order', () => {
    expect(renderContainerMounts([{ host: '/m', container: '/model' }, { host: '/l', container: '/logs' }])).toBe('/m:/model,/l:/logs');
  });
});
