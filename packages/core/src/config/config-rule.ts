import type { ConfigIssue } from './config-error.ts';
import type { SrtConfig } from './schema.ts';

/** What a cross-field rule sees: the validated config and the document the user wrote. */
export interface RuleInput {
  readonly config: SrtConfig;
  /** The plain document after cluster defaults (to tell "written" from "defaulted"). */
  readonly document: Readonly<Record<string, unknown>>;
}

/** A cross-field check run after schema validation; returns its issues (empty when fine). */
export type ConfigRule = (input: RuleInput) => readonly ConfigIssue[];
