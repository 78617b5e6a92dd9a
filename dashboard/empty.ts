/** What to do next, said where a chart would be: a store with nothing in it yet is a step, not a blank. */

export const FILL_THE_STORES = 'Nothing has arrived for this project yet. Replay the bundled sample webhooks with `npx switchyard replay --samples`, replay your own history with `npx switchyard replay <file>`, or send your GitHub, Jira and Notion webhooks onto the raw topics (README, "Which webhooks to send").';

export const NO_PROJECTS = 'No projects to show: the dashboard reads the projects of the organization file. Set SWITCHYARD_TEAMS_FILE to yours (README, "Stores"), then restart `switchyard serve`.';

export const TRUNCATED = 'More matched than the server returns (SWITCHYARD_ACCESS_ROW_CAP): this shows the first of them; a shorter period shows all.';

export const VELOCITY_SCOPE = "Every closed sprint of the project's boards, whatever the period.";

export const EMPTY = {
  trend: 'No deployment, deployed pull request or incident in these weeks: nothing to rate.',
  leadTime: 'No pull request was deployed in this period, so there is no lead time to break down. Lead time needs merged pull requests and a production deployment that shipped them (GitHub Deployments, or CI runs named as deployments).',
  review: 'No pull request opened in this period got a review from someone other than its author.',
  velocity: 'No closed sprint for this project. Velocity comes from Jira sprint events (sprint closed) on the project\'s boards.',
  timeline: 'No deployment finished and no incident started in this period.',
  contributors: 'No commits pushed to the project\'s repositories in this period.',
  dependencies: 'This project depends on no other, and none depends on it (the organization file\'s dependsOn, or Jira dependency links).',
} as const;
