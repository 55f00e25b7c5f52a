// `@lpt/shared/report`: the report's catalogue, shape, rules and warnings live in shared/src/report/.
export * from './report/index.ts';
