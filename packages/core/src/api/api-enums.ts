/**
 * The API's fixed word lists, without zod: the CLI builds its `--help` and choices from them and
 * must not pay for the schemas to start (`@ai-sysadmin/core/api-enums`). The schemas use them too.
 */
export const LOG_SOURCES = ['orchestrator', 'actions', 'decisions', 'service'] as const;
export const KNOWLEDGE_CATEGORIES = ['lesson', 'procedure', 'fact', 'note'] as const;
export type KnowledgeCategory = (typeof KNOWLEDGE_CATEGORIES)[number];
