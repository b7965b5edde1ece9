import type { UserConfig } from 'vitest/config';
export declare function abraxasVitestConfig(overrides?: UserConfig): UserConfig;
