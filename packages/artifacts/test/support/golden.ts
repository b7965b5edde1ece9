/** The reference's golden vectors (@abraxas/golden-vectors), typed for the parts these tests use. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface TrendpackExpect {
  readonly trendpack_json: string;
  readonly trendpack_sha256: string;
}

export interface GoldenVectors {
  readonly scheduler: readonly { readonly id: string; readonly tick: number; readonly expect: TrendpackExpect & { readonly trendpack_run_id: string } }[];
  readonly runtime: readonly {
    readonly id: string;
    readonly tick: number;
    readonly run_id: string;
    readonly mode: string;
    readonly expect: TrendpackExpect & { readonly trendpack_rel_path: string };
  }[];
}

export const golden = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('@abraxas/golden-vectors/ers-vectors.v1.json'), 'utf8'),
) as GoldenVectors;
