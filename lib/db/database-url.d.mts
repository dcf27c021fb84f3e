export declare const DEFAULT_DATABASE_URL: string;
export declare function resolveDatabaseUrl(value?: string): string;
export declare function sqliteFilePath(url?: string): string | null;
export type DatabaseProvider = "sqlite" | "postgresql";
export declare function databaseProvider(url?: string): DatabaseProvider;
export declare function redactUrl(url?: string): string;
export declare const PRISMA_PATHS: Record<DatabaseProvider, { schema: string; migrations: string }>;
