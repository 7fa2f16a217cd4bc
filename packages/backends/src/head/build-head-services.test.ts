import { shellJoin } from '@srt/core';
import { describe, expect, it } from 'vitest';
import { fakeRuntime } from '../testing/fake-runtime.ts';
import { buildEtcdCommand, buildHeadServices, buildNatsCommand, defaultHeadBinaries, headServiceEnvironment } from './build-head-services.ts';

describe('buildHeadServices', () => {
  it('plans NATS then etcd on the head, each ready on its TCP port', () => {
    expect(buildHeadServices(fakeRuntime())).toMatchInlineSnapshot(`
      [
        {
          "argv": [
            "/configs/nats-server",
            "-js",
            "-p",
            "4222",
            "-sd",
            "/logs/nats",
          ],
          "container": true,
          "critical": true,
          "env": [],
          "logFile": "/work/outputs/4242/logs/nats.log",
          "name": "nats",
          "node": "n01",
          "readiness": {
            "host": "10.0.0.1",
            "kind": "tcp",
            "label": "NATS",
            "port": 4222,
          },
          "role": "head",
        },
        {
          "argv": [
            "/configs/etcd",
            "--listen-client-urls",
            "http://0.0.0.0:2379",
            "--advertise-client-urls",
            "http://10.0.0.1:2379",
            "--listen-peer-urls",
            "http://0.0.0.0:2380",
            "--initial-advertise-peer-urls",
            "http://10.0.0.1:2380",
            "--initial-cluster",
            "default=http://10.0.0.1:2380",
            "--data-dir",
            "/logs/etcd",
          ],
          "container": true,
          "critical": true,
          "env": [],
          "logFile": "/work/outputs/4242/logs/etcd.log",
          "name": "etcd",
          "node": "n01",
          "readiness": {
            "host": "10.0.0.1",
            "kind": "tcp",
            "label": "etcd",
            "port": 2379,
          },
          "role": "head",
        },
      ]
    `);
  });

  it('runs on the host with PATH binaries and host paths when asked to under pyxis', () => {
    const [nats, etcd] = buildHeadServices(fakeRuntime(), { inContainer: false });
    expect([nats?.container, shellJoin(nats!.argv), etcd?.argv.at(-1)]).toStrictEqual([false, 'nats-server -js -p 4222 -sd /work/outputs/4242/logs/nats', '/work/outputs/4242/logs/etcd']);
  });

  it('uses the cluster file binaries when given', () => {
    const [nats, etcd] = buildHeadServices(fakeRuntime(), { natsBinary: '/opt/nats', etcdBinary: '/opt/etcd' });
    expect([nats?.argv[0], etcd?.argv[0]]).toStrictEqual(['/opt/nats', '/opt/etcd']);
  });
});

describe('buildNatsCommand', () => {
  it('keeps the store under the host log dir without containers', () => {
    expect(shellJoin(buildNatsCommand(fakeRuntime({ containerRuntime: 'none' })))).toBe('nats-server -js -p 4222 -sd /work/outputs/4242/logs/nats');
  });
});

describe('buildEtcdCommand', () => {
  it('uses etcd from PATH and host paths without containers', () => {
    expect(shellJoin(buildEtcdCommand(fakeRuntime({ containerRuntime: 'none' })))).toMatchInlineSnapshot(
      `"etcd --listen-client-urls http://0.0.0.0:2379 --advertise-client-urls http://10.0.0.1:2379 --listen-peer-urls http://0.0.0.0:2380 --initial-advertise-peer-urls http://10.0.0.1:2380 --initial-cluster default=http://10.0.0.1:2380 --data-dir /work/outputs/4242/logs/etcd"`,
    );
  });
});

describe('defaultHeadBinaries', () => {
  it.each([
    ['in the container', true, { nats: '/configs/nats-server', etcd: '/configs/etcd' }],
    ['on the host', false, { nats: 'nats-server', etcd: 'etcd' }],
  ] as const)('%s', (_n, inContainer, expected) => {
    expect(defaultHeadBinaries(inContainer)).toStrictEqual(expected);
  });
});

describe('headServiceEnvironment', () => {
  it('points Dynamo processes at etcd and NATS on the head by hostname', () => {
    expect(headServiceEnvironment('n01')).toStrictEqual([
      ['ETCD_ENDPOINTS', 'http://n01:2379'],
      ['NATS_SERVER', 'nats://n01:4222'],
    ]);
  });
});
