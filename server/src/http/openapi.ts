import type { FastifyInstance } from 'fastify';

export async function apiDocumentRoutes(_app: FastifyInstance) {}
