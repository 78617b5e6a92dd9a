/**
 * This store's entries of the question catalogue (access/question.ts): NOT BUILT YET — being written.
 */
export const neo4jQuestions = [] as const;
