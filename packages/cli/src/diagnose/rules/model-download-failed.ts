import type { DiagnosisRule } from '../rule.ts';

/** The `hf:` model pre-download step (engines.md §7) failed, so no worker was started. */
export default {
  id: 'model-download-failed',
  priority: 21,
  cause: 'The hf: model pre-download failed: {process} on {node} exited with {exit}; no worker was started',
  next: 'Read its log (`srtctl logs <job> {name}`). Usual causes: a wrong repository id in model.path (hf:<org>/<name>); a private or gated model without HF_TOKEN; no network from the node (set HF_ENDPOINT to a mirror); HF_HOME not writable or not mounted into the container (extra_mount); no `hf` or `huggingface-cli` in the image.',
  process: { roles: ['download'] },
} as const satisfies DiagnosisRule;
