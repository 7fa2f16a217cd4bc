import { runPhaseChild } from './phase-child.ts';

// A standalone client-process entry (tests fork it; the `srtctl` bin runs the same code when
// SRT_LOADGEN_CHILD=1).
runPhaseChild();
