export declare const DEFAULT_DATABASE_URL: string;
export declare function resolveDatabaseUrl(value?: string): string;
export declare function sqliteFilePath(url?: string): string | null;
