// The report workflow (db/src/workflow.ts) as the server takes its steps: its messages composed into mails
// by the outbox. The reports service, the import and the test factories all write through this one.
import { createWorkflow } from '@lpt/db/workflow';
import { workflowOutbox } from '../outbox/outbox.service.ts';

export const reportWorkflow = createWorkflow(workflowOutbox);
