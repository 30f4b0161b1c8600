/** Tables of webhooks and of sign-in for apps (OAuth / IndieAuth); see migrations/20261204T1100-webhooks.ts and 20261204T1110-oauth.ts. */
import type { Generated, Selectable } from 'kysely';

/** A blog's webhook endpoint; see migrations/20261204T1100-webhooks.ts. */
export interface WebhooksTable {
  id: string;
  blog_id: string;
  url: string;
  secret: string;
  /** JSON list of event names. */
  events: string;
  created_by: string | null;
  created_at: number;
  failures: Generated<number>;
  disabled_at: number | null;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  blog_id: string;
  event: string;
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: Generated<number>;
  response_code: number | null;
  error: string | null;
  created_at: number;
  last_attempt_at: number | null;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  at: number;
  response_code: number | null;
  error: string | null;
  duration_ms: number;
}

export type WebhookRow = Selectable<WebhooksTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptsTable>;

/** An app registered for OAuth sign-in; see migrations/20261204T1110-oauth.ts. */
export interface OAuthClientsTable {
  id: string;
  user_id: string;
  name: string;
  homepage: string | null;
  /** JSON list of exact redirect addresses. */
  redirect_uris: string;
  secret_hash: string | null;
  created_at: number;
  deleted_at: number | null;
}

export interface OAuthCodesTable {
  code_hash: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  scope: string;
  /** JSON list of blog IDs. */
  blogs: string;
  me: string | null;
  code_challenge: string;
  code_challenge_method: string;
  expires_at: number;
  used_at: number | null;
}

export interface OAuthTokensTable {
  id: string;
  family_id: string;
  client_id: string;
  client_name: string;
  user_id: string;
  scope: string;
  /** JSON list of blog IDs. */
  blogs: string;
  me: string | null;
  access_hash: string;
  access_expires_at: number;
  refresh_hash: string | null;
  refresh_expires_at: number | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export type OAuthClientRow = Selectable<OAuthClientsTable>;
export type OAuthCodeRow = Selectable<OAuthCodesTable>;
export type OAuthTokenRow = Selectable<OAuthTokensTable>;
