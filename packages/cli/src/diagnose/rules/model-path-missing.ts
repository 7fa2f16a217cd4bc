import type { DiagnosisRule } from '../rule.ts';

/** The engine could not find the model (wrong model.path, path not mounted, not a model folder). */
export default {
  id: 'model-path-missing',
  priority: 22,
  cause: 'The model was not found by {process} on {node}: {match}',
  next: 'Check model.path (or its alias in srtslurm.yaml `model_paths:`): it must be a folder with config.json visible from every node; under pyxis it is mounted at /model.',
  logs: {
    patterns: [
      "(OSError|FileNotFoundError|ValueError).*(does not appear to have a file named config\\.json|No such file or directory: '?/model)",
      "Can't load the configuration of '\\S+'",
      'HFValidationError: Repo id must be',
      'is not a local folder and is not a valid model identifier',
      'Incorrect path_or_model_id',
      "\\[Errno 2\\] No such file or directory: '[^']*(config\\.json|tokenizer|\\.safetensors)",
      'Model path does not exist',
      'ValueError: Invalid repository ID or local directory specified',
    ],
    in: 'process',
  },
} as const satisfies DiagnosisRule;
