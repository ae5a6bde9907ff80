import { createContext, useContext } from 'react';
import { graphql } from './gql';
import type { ViewerQuery } from './gql/graphql';

export const ViewerDocument = graphql(`
  query Viewer {
    viewer {
      requestAddress
      token {
        id
        name
        role
      }
      account {
        id
        name
        settings {
          scimEnabled
          allowManualUpdates
          scimLicenseManagement
          defaultLicenseType
          userNameMustMatchEmail
          ipAllowlistEnforced
        }
      }
    }
  }
`);

export type Viewer = ViewerQuery['viewer'];
export type AccountSettings = Viewer['account']['settings'];

export const ViewerContext = createContext<Viewer | null>(null);

export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer outside the signed-in shell');
  return viewer;
}

/** Every mutation needs an ADMIN token; a READ_ONLY token gets FORBIDDEN, so its write controls are disabled. */
export function useCanWrite(): boolean {
  return useViewer().token.role === 'ADMIN';
}

export const READ_ONLY_REASON = 'Your token is READ_ONLY: changes need an ADMIN API token.';

/** The first reason a write control is disabled: the token's role, then the manual-updates policy. */
export function useWriteBlock(policy: string | null = null): string | null {
  const canWrite = useCanWrite();
  if (!canWrite) return READ_ONLY_REASON;
  return policy;
}
