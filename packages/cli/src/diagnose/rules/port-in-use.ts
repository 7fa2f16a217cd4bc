import type { DiagnosisRule } from '../rule.ts';

/** A server could not bind its port: something else (often a process of an earlier job) holds it. */
export default {
  id: 'port-in-use',
  priority: 31,
  cause: 'A port was already in use on {node}: {match}',
  next: 'Find what holds the port (`ss -ltnp` on that node, e.g. via `srun --jobid <id> -w <node> --overlap --pty bash`); a leftover process of an earlier job must be killed, or move the port (frontend/sglang ports in the recipe).',
  logs: {
    patterns: [
      'Address already in use',
      'EADDRINUSE',
      '\\[Errno 98\\]',
      'bind\\(\\) to \\S+ failed \\(98',
      'Can only use port \\d+ once|port \\d+ is (already )?in use',
    ],
    in: 'any',
  },
} as const satisfies DiagnosisRule;
