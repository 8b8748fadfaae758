import type { AppEnv } from '../api/context.ts';
import type { PortalCaller } from '../domain/portal/portal-caller.ts';
import type { PortalBranding } from '../domain/portal/find-portal-branding.ts';

/** The signed-in client contact of a page, with what the layout shows. */
export interface PortalPageSession {
  sessionId: string;
  caller: PortalCaller;
  branding: PortalBranding;
}

/**
 * The variables of a client-facing page request: the app's (`deps`, `requestId`), the CSRF token
 * of the browser (set by `csrf`), and on portal pages the signed-in contact (set by
 * `requirePortalSession`).
 */
export interface WebEnv {
  Variables: AppEnv['Variables'] & {
    csrfToken: string;
    portal: PortalPageSession;
  };
}
