/**
 * Why the Notion events Switchyard reads no further are skipped, so `switchyard normalize` and the
 * skip log say it for each: Notion documents these types (webhooks-events-delivery), and none
 * changes what a store keeps. An event not listed here (a type Notion adds later, the
 * subscription's verification request) is skipped as not used.
 */
const LOCK = 'a lock changes neither what a page says nor where it lives';
const COMMENT = 'the webhook carries ids only, and no store keeps a comment’s text to change or remove';
const OLD_API = 'an event of API versions before 2025-09-03: subscribe with 2025-09-03 to get data_source.* events';
const FILE = 'a file upload is not a document until a page or block uses it';

export const SKIPPED_NOTION_EVENTS: ReadonlyMap<string, string> = new Map([
  ['page.locked', LOCK],
  ['page.unlocked', LOCK],
  ['page.transcript_deleted', 'a meeting transcript is not part of the page’s text that project_docs embeds'],
  ['comment.updated', COMMENT],
  ['comment.deleted', COMMENT],
  ...['created', 'content_updated', 'schema_updated', 'moved', 'deleted', 'undeleted'].map((verb): [string, string] => [`database.${verb}`, OLD_API]),
  ...['created', 'completed', 'expired', 'upload_failed'].map((verb): [string, string] => [`file_upload.${verb}`, FILE]),
]);

/** The reason a Notion event is skipped: `Notion event <type> is not used[: why]`. */
export function skipReason(eventName: string): string {
  const why = SKIPPED_NOTION_EVENTS.get(eventName);
  return `Notion event ${eventName} is not used${why === undefined ? '' : `: ${why}`}`;
}
