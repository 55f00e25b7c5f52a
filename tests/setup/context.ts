// Values the global setup hands to the test workers (vitest provide/inject).
export {};

declare module 'vitest' {
  interface ProvidedContext {
    /** Connection string of the PostgreSQL server's maintenance database, as a role that may CREATE DATABASE. */
    postgresAdminUrl: string;
    /** Name of the migrated template database that each test file's database is cloned from. */
    postgresTemplateDatabase: string;
  }
}
