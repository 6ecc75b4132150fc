export declare function productionNodeFlags(): string[];
