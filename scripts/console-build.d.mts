export declare const consoleDist: string;
export declare function buildConsoleIfStale(): Promise<boolean>;
