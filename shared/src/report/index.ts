// The annual progress report (`@lpt/shared/report`): its fields (the catalogue, fields.ts), its shape (one
// zod schema for the form and the server, data.ts), the rules that make a figure an error (rules.ts) or a
// warning (warnings.ts), and the differences between two versions (diff.ts).
export * from './fields.ts';
export * from './data.ts';
export * from './rules.ts';
export * from './warnings.ts';
export * from './diff.ts';
