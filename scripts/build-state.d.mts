export declare const buildSources: string[];
export declare const stampFile: string;
export declare function staleBuildReason(root: string): string | null;
export declare function writeStamp(root: string): void;
export declare function newestChange(file: string): number;
