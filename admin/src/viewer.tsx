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

/**
 * Why a SCIM-managed user or group cannot be changed here, or null when it can. The server enforces the same
 * rule (MANUAL_UPDATE_FORBIDDEN); the console only says it before the admin tries.
 */
export function manualUpdateBlock(managedBy: 'SCIM' | 'MANUAL', settings: AccountSettings, noun: 'user' | 'group'): string | null {
  if (managedBy !== 'SCIM' || settings.allowManualUpdates) return null;
  return `This ${noun} is managed by SCIM: your identity provider is its source of truth, and manual updates are off. Turn on “Allow manual updates” in SCIM setup to change it here.`;
}

/** The first reason a write control is disabled: the token's role, then the manual-updates policy. */
export function useWriteBlock(policy: string | null = null): string | null {
  const canWrite = useCanWrite();
  if (!canWrite) return READ_ONLY_REASON;
  return policy;
}
