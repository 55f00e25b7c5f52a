// Vitest globalSetup of the 'postgres' project: a PostgreSQL server (a throwaway cluster unless
// TEST_DATABASE_URL / DATABASE_URL names one) with a migrated template database that each test file
// clones (CREATE DATABASE … TEMPLATE …, much faster than migrating every file's database).
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { connect } from '@lpt/db/connect';
import { migrateToLatest } from '@lpt/db/migrate';
import './context.ts';
import { PostgresUnavailableError, startThrowawayPostgres, withDatabase, type ThrowawayPostgres } from './postgres.ts';

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  let server: ThrowawayPostgres | undefined;
  let adminUrl: string;
  if (external) {
    adminUrl = external;
    try {
      await adminQuery(adminUrl, 'select 1');
    } catch (error) {
      throw new PostgresUnavailableError(
        `Cannot connect to the PostgreSQL server named by ${process.env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL' : 'DATABASE_URL'}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  } else {
    const started = Date.now();
    server = await startThrowawayPostgres();
    adminUrl = server.url;
    console.log(`[postgres] throwaway cluster on 127.0.0.1:${server.port} (${server.dir}) ready in ${Date.now() - started} ms`);
  }

  // A unique template name: several runs may share an external server.
  const template = `lpt_template_${process.pid}_${Date.now().toString(36)}`;
  const dropTemplate = () => adminQuery(adminUrl, `drop database if exists "${template}" with (force)`);
  try {
    await adminQuery(adminUrl, `create database "${template}"`);
    const { db, close } = await connect({ databaseUrl: withDatabase(adminUrl, template), maxConnections: 1 });
    try {
      await migrateToLatest(db);
    } finally {
      await close();
    }
  } catch (error) {
    await dropTemplate().catch(() => {});
    await server?.stop();
    throw error;
  }

  project.provide('postgresAdminUrl', adminUrl);
  project.provide('postgresTemplateDatabase', template);

  return async () => {
    if (server) {
      await server.stop();
    } else {
      await dropTemplate().catch((error: unknown) => console.warn(`[postgres] could not drop ${template}:`, error));
    }
  };
}
