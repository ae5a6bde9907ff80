import type { BenchContext } from '../context';
import type { Figure } from '../report';

export interface ScenarioOutcome {
  status: 'ran' | 'skipped';
  reason?: string;
  figures: Figure[];
  details: Record<string, unknown>;
}

export interface Scenario {
  id: string;
  number: number;
  title: string;
  run(ctx: BenchContext): Promise<ScenarioOutcome>;
}
