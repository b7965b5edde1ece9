import type { Linter } from 'eslint';
import type tseslintDefault from 'typescript-eslint';

export declare function base(tsconfigRootDir: string): Linter.Config[];
export declare const purity: { files: string[]; rules: Record<string, Linter.RuleEntry> };
export declare const tseslint: typeof tseslintDefault;
