/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ProvisioningEventFields on ProvisioningEvent {\n    id\n    occurredAt\n    actorType\n    actorName\n    actorId\n    action\n    resourceType\n    resourceId\n    outcome\n    manual\n    detail\n    requestId\n  }\n": typeof types.ProvisioningEventFieldsFragmentDoc,
    "\n  query GroupChoices($search: String, $first: Int) {\n    groups(first: $first, filter: { search: $search }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          displayName\n          managedBy\n        }\n      }\n    }\n  }\n": typeof types.GroupChoicesDocument,
    "\n  query GroupByName($displayName: String!) {\n    groups(first: 1, filter: { displayName: $displayName }) {\n      edges {\n        node {\n          id\n          displayName\n          managedBy\n        }\n      }\n    }\n  }\n": typeof types.GroupByNameDocument,
    "\n  query GroupDetail($id: ID!, $first: Int, $after: String) {\n    group(id: $id) {\n      id\n      displayName\n      externalId\n      managedBy\n      manualUpdateBlockedReason\n      memberCount\n      createdAt\n      updatedAt\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            userName\n            email\n            displayName\n            givenName\n            familyName\n            state\n            managedBy\n            licenseType\n            licensePending\n          }\n        }\n      }\n    }\n    licenseMappings {\n      id\n      groupName\n      licenseType\n    }\n  }\n": typeof types.GroupDetailDocument,
    "\n  query MemberCandidates($search: String) {\n    users(first: 10, filter: { search: $search }) {\n      edges {\n        node {\n          id\n          userName\n          email\n          displayName\n          givenName\n          familyName\n        }\n      }\n    }\n  }\n": typeof types.MemberCandidatesDocument,
    "\n  mutation RenameGroup($input: RenameGroupInput!) {\n    renameGroup(input: $input) {\n      group {\n        id\n        displayName\n        updatedAt\n      }\n    }\n  }\n": typeof types.RenameGroupDocument,
    "\n  mutation DeleteGroup($input: DeleteGroupInput!) {\n    deleteGroup(input: $input) {\n      deletedGroupId\n    }\n  }\n": typeof types.DeleteGroupDocument,
    "\n  mutation AddGroupMembers($input: AddGroupMembersInput!) {\n    addGroupMembers(input: $input) {\n      addedCount\n      group {\n        id\n        memberCount\n      }\n    }\n  }\n": typeof types.AddGroupMembersDocument,
    "\n  mutation RemoveGroupMembers($input: RemoveGroupMembersInput!) {\n    removeGroupMembers(input: $input) {\n      removedCount\n      group {\n        id\n        memberCount\n      }\n    }\n  }\n": typeof types.RemoveGroupMembersDocument,
    "\n  query Groups($first: Int, $after: String, $filter: GroupFilterInput) {\n    groups(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          displayName\n          managedBy\n          memberCount\n          updatedAt\n        }\n      }\n    }\n  }\n": typeof types.GroupsDocument,
    "\n  mutation CreateGroup($input: CreateGroupInput!) {\n    createGroup(input: $input) {\n      group {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.CreateGroupDocument,
    "\n  query IpAllowlistPage($first: Int!) {\n    viewer {\n      requestAddress\n    }\n    ipAllowlist {\n      enforced\n      sources {\n        source\n        count\n        lastChangedAt\n      }\n      entries(first: $first) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            cidr\n            source\n            description\n            createdAt\n            createdBy\n          }\n        }\n      }\n    }\n  }\n": typeof types.IpAllowlistPageDocument,
    "\n  mutation AddIpAllowlistEntries($input: AddIpAllowlistEntriesInput!) {\n    addIpAllowlistEntries(input: $input) {\n      added\n      unchanged\n      addedCidrs\n      ipAllowlist {\n        enforced\n      }\n    }\n  }\n": typeof types.AddIpAllowlistEntriesDocument,
    "\n  mutation RemoveIpAllowlistEntries($input: RemoveIpAllowlistEntriesInput!) {\n    removeIpAllowlistEntries(input: $input) {\n      removed\n      removedCidrs\n      notFoundCidrs\n      ipAllowlist {\n        enforced\n      }\n    }\n  }\n": typeof types.RemoveIpAllowlistEntriesDocument,
    "\n  mutation SetIpAllowlistEnforced($input: SetIpAllowlistEnforcedInput!) {\n    setIpAllowlistEnforced(input: $input) {\n      account {\n        id\n        settings {\n          ipAllowlistEnforced\n        }\n      }\n      ipAllowlist {\n        enforced\n      }\n    }\n  }\n": typeof types.SetIpAllowlistEnforcedDocument,
    "\n  fragment LicenseMappingRow on LicenseMapping {\n    id\n    groupName\n    licenseType\n    createdAt\n    updatedAt\n  }\n": typeof types.LicenseMappingRowFragmentDoc,
    "\n  query LicenseMappingsPage {\n    licenseMappings {\n      ...LicenseMappingRow\n    }\n  }\n": typeof types.LicenseMappingsPageDocument,
    "\n  mutation CreateLicenseMapping($input: CreateLicenseMappingInput!) {\n    createLicenseMapping(input: $input) {\n      usersChanged\n      licenseMapping {\n        ...LicenseMappingRow\n      }\n    }\n  }\n": typeof types.CreateLicenseMappingDocument,
    "\n  mutation UpdateLicenseMapping($input: UpdateLicenseMappingInput!) {\n    updateLicenseMapping(input: $input) {\n      usersChanged\n      licenseMapping {\n        ...LicenseMappingRow\n      }\n    }\n  }\n": typeof types.UpdateLicenseMappingDocument,
    "\n  mutation DeleteLicenseMapping($input: DeleteLicenseMappingInput!) {\n    deleteLicenseMapping(input: $input) {\n      usersChanged\n      deletedLicenseMappingId\n    }\n  }\n": typeof types.DeleteLicenseMappingDocument,
    "\n  query ProvisioningLog($first: Int, $after: String, $filter: ProvisioningEventFilter) {\n    provisioningEvents(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ProvisioningEventFields\n        }\n      }\n    }\n  }\n": typeof types.ProvisioningLogDocument,
    "\n  fragment ScimTokenFields on ScimToken {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    expiresAt\n    revokedAt\n    state\n  }\n": typeof types.ScimTokenFieldsFragmentDoc,
    "\n  query ScimTokens($first: Int, $after: String) {\n    scimTokens(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ScimTokenFields\n        }\n      }\n    }\n  }\n": typeof types.ScimTokensDocument,
    "\n  mutation UpdateAccountSettings($input: UpdateAccountSettingsInput!) {\n    updateAccountSettings(input: $input) {\n      changedSettings\n      licensesChanged\n      account {\n        id\n        settings {\n          scimEnabled\n          allowManualUpdates\n          scimLicenseManagement\n          defaultLicenseType\n          userNameMustMatchEmail\n          ipAllowlistEnforced\n        }\n      }\n    }\n  }\n": typeof types.UpdateAccountSettingsDocument,
    "\n  mutation CreateScimToken($input: CreateScimTokenInput!) {\n    createScimToken(input: $input) {\n      token\n      scimToken {\n        ...ScimTokenFields\n      }\n    }\n  }\n": typeof types.CreateScimTokenDocument,
    "\n  mutation RotateScimToken($input: RotateScimTokenInput!) {\n    rotateScimToken(input: $input) {\n      token\n      scimToken {\n        ...ScimTokenFields\n      }\n      previousScimToken {\n        ...ScimTokenFields\n      }\n    }\n  }\n": typeof types.RotateScimTokenDocument,
    "\n  mutation RevokeScimToken($input: RevokeTokenInput!) {\n    revokeScimToken(input: $input) {\n      scimToken {\n        ...ScimTokenFields\n      }\n    }\n  }\n": typeof types.RevokeScimTokenDocument,
    "\n  fragment SsoMappingRuleRow on SsoMappingRule {\n    id\n    claimValue\n    matchType\n    updatedAt\n    group {\n      id\n      displayName\n      managedBy\n    }\n  }\n": typeof types.SsoMappingRuleRowFragmentDoc,
    "\n  query SsoRulesPage {\n    ssoMappingRules {\n      ...SsoMappingRuleRow\n    }\n  }\n": typeof types.SsoRulesPageDocument,
    "\n  mutation CreateSsoMappingRule($input: CreateSsoMappingRuleInput!) {\n    createSsoMappingRule(input: $input) {\n      ssoMappingRule {\n        ...SsoMappingRuleRow\n      }\n    }\n  }\n": typeof types.CreateSsoMappingRuleDocument,
    "\n  mutation UpdateSsoMappingRule($input: UpdateSsoMappingRuleInput!) {\n    updateSsoMappingRule(input: $input) {\n      ssoMappingRule {\n        ...SsoMappingRuleRow\n      }\n    }\n  }\n": typeof types.UpdateSsoMappingRuleDocument,
    "\n  mutation DeleteSsoMappingRule($input: DeleteSsoMappingRuleInput!) {\n    deleteSsoMappingRule(input: $input) {\n      deletedSsoMappingRuleId\n    }\n  }\n": typeof types.DeleteSsoMappingRuleDocument,
    "\n  mutation TrySsoSignIn($input: ResolveSsoSignInInput!) {\n    resolveSsoSignIn(input: $input) {\n      dryRun\n      created\n      appliedRules\n      reason\n      licenseType\n      licenseSource\n      user {\n        id\n        userName\n        email\n        managedBy\n        state\n      }\n      matchedGroups {\n        id\n        displayName\n      }\n      addedGroups {\n        id\n        displayName\n      }\n      removedGroups {\n        id\n        displayName\n      }\n      skippedGroups {\n        id\n        displayName\n      }\n      groups {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.TrySsoSignInDocument,
    "\n  query UserDetail($id: ID!) {\n    user(id: $id) {\n      id\n      userName\n      email\n      pendingEmail\n      givenName\n      middleName\n      familyName\n      displayName\n      title\n      active\n      state\n      managedBy\n      manualUpdateBlockedReason\n      licenseType\n      licenseSource\n      licensePending\n      licenseSourceGroup {\n        id\n        displayName\n      }\n      invitedAt\n      invitationAcceptedAt\n      createdAt\n      updatedAt\n      groups(first: 50) {\n        ...UserGroupsPage\n      }\n    }\n  }\n": typeof types.UserDetailDocument,
    "\n  fragment UserGroupsPage on GroupConnection {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        displayName\n        managedBy\n      }\n    }\n  }\n": typeof types.UserGroupsPageFragmentDoc,
    "\n  query MoreUserGroups($id: ID!, $after: String) {\n    user(id: $id) {\n      id\n      groups(first: 100, after: $after) {\n        ...UserGroupsPage\n      }\n    }\n  }\n": typeof types.MoreUserGroupsDocument,
    "\n  query ResourceEvents($resourceId: ID!) {\n    provisioningEvents(first: 20, filter: { resourceId: $resourceId }) {\n      edges {\n        node {\n          ...ProvisioningEventFields\n        }\n      }\n    }\n  }\n": typeof types.ResourceEventsDocument,
    "\n  mutation UpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) {\n      user {\n        id\n        userName\n        email\n        pendingEmail\n        givenName\n        familyName\n        displayName\n        title\n        updatedAt\n      }\n    }\n  }\n": typeof types.UpdateUserDocument,
    "\n  mutation DeactivateUser($input: DeactivateUserInput!) {\n    deactivateUser(input: $input) {\n      user {\n        id\n        active\n        state\n      }\n    }\n  }\n": typeof types.DeactivateUserDocument,
    "\n  mutation ReactivateUser($input: ReactivateUserInput!) {\n    reactivateUser(input: $input) {\n      user {\n        id\n        active\n        state\n      }\n    }\n  }\n": typeof types.ReactivateUserDocument,
    "\n  mutation DeleteUser($input: DeleteUserInput!) {\n    deleteUser(input: $input) {\n      deletedUserId\n    }\n  }\n": typeof types.DeleteUserDocument,
    "\n  mutation ResendInvitation($input: ResendInvitationInput!) {\n    resendInvitation(input: $input) {\n      user {\n        id\n        state\n        invitedAt\n      }\n    }\n  }\n": typeof types.ResendInvitationDocument,
    "\n  query Users($first: Int, $after: String, $filter: UserFilterInput) {\n    users(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          userName\n          email\n          displayName\n          givenName\n          familyName\n          state\n          managedBy\n          licenseType\n          licensePending\n        }\n      }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  query GroupName($id: ID!) {\n    group(id: $id) {\n      id\n      displayName\n    }\n  }\n": typeof types.GroupNameDocument,
    "\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      user {\n        id\n        userName\n        state\n      }\n    }\n  }\n": typeof types.InviteUserDocument,
    "\n  query Viewer {\n    viewer {\n      requestAddress\n      token {\n        id\n        name\n        role\n      }\n      account {\n        id\n        name\n        settings {\n          scimEnabled\n          allowManualUpdates\n          scimLicenseManagement\n          defaultLicenseType\n          userNameMustMatchEmail\n          ipAllowlistEnforced\n        }\n      }\n    }\n  }\n": typeof types.ViewerDocument,
};
const documents: Documents = {
    "\n  fragment ProvisioningEventFields on ProvisioningEvent {\n    id\n    occurredAt\n    actorType\n    actorName\n    actorId\n    action\n    resourceType\n    resourceId\n    outcome\n    manual\n    detail\n    requestId\n  }\n": types.ProvisioningEventFieldsFragmentDoc,
    "\n  query GroupChoices($search: String, $first: Int) {\n    groups(first: $first, filter: { search: $search }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          displayName\n          managedBy\n        }\n      }\n    }\n  }\n": types.GroupChoicesDocument,
    "\n  query GroupByName($displayName: String!) {\n    groups(first: 1, filter: { displayName: $displayName }) {\n      edges {\n        node {\n          id\n          displayName\n          managedBy\n        }\n      }\n    }\n  }\n": types.GroupByNameDocument,
    "\n  query GroupDetail($id: ID!, $first: Int, $after: String) {\n    group(id: $id) {\n      id\n      displayName\n      externalId\n      managedBy\n      manualUpdateBlockedReason\n      memberCount\n      createdAt\n      updatedAt\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            userName\n            email\n            displayName\n            givenName\n            familyName\n            state\n            managedBy\n            licenseType\n            licensePending\n          }\n        }\n      }\n    }\n    licenseMappings {\n      id\n      groupName\n      licenseType\n    }\n  }\n": types.GroupDetailDocument,
    "\n  query MemberCandidates($search: String) {\n    users(first: 10, filter: { search: $search }) {\n      edges {\n        node {\n          id\n          userName\n          email\n          displayName\n          givenName\n          familyName\n        }\n      }\n    }\n  }\n": types.MemberCandidatesDocument,
    "\n  mutation RenameGroup($input: RenameGroupInput!) {\n    renameGroup(input: $input) {\n      group {\n        id\n        displayName\n        updatedAt\n      }\n    }\n  }\n": types.RenameGroupDocument,
    "\n  mutation DeleteGroup($input: DeleteGroupInput!) {\n    deleteGroup(input: $input) {\n      deletedGroupId\n    }\n  }\n": types.DeleteGroupDocument,
    "\n  mutation AddGroupMembers($input: AddGroupMembersInput!) {\n    addGroupMembers(input: $input) {\n      addedCount\n      group {\n        id\n        memberCount\n      }\n    }\n  }\n": types.AddGroupMembersDocument,
    "\n  mutation RemoveGroupMembers($input: RemoveGroupMembersInput!) {\n    removeGroupMembers(input: $input) {\n      removedCount\n      group {\n        id\n        memberCount\n      }\n    }\n  }\n": types.RemoveGroupMembersDocument,
    "\n  query Groups($first: Int, $after: String, $filter: GroupFilterInput) {\n    groups(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          displayName\n          managedBy\n          memberCount\n          updatedAt\n        }\n      }\n    }\n  }\n": types.GroupsDocument,
    "\n  mutation CreateGroup($input: CreateGroupInput!) {\n    createGroup(input: $input) {\n      group {\n        id\n        displayName\n      }\n    }\n  }\n": types.CreateGroupDocument,
    "\n  query IpAllowlistPage($first: Int!) {\n    viewer {\n      requestAddress\n    }\n    ipAllowlist {\n      enforced\n      sources {\n        source\n        count\n        lastChangedAt\n      }\n      entries(first: $first) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            cidr\n            source\n            description\n            createdAt\n            createdBy\n          }\n        }\n      }\n    }\n  }\n": types.IpAllowlistPageDocument,
    "\n  mutation AddIpAllowlistEntries($input: AddIpAllowlistEntriesInput!) {\n    addIpAllowlistEntries(input: $input) {\n      added\n      unchanged\n      addedCidrs\n      ipAllowlist {\n        enforced\n      }\n    }\n  }\n": types.AddIpAllowlistEntriesDocument,
    "\n  mutation RemoveIpAllowlistEntries($input: RemoveIpAllowlistEntriesInput!) {\n    removeIpAllowlistEntries(input: $input) {\n      removed\n      removedCidrs\n      notFoundCidrs\n      ipAllowlist {\n        enforced\n      }\n    }\n  }\n": types.RemoveIpAllowlistEntriesDocument,
    "\n  mutation SetIpAllowlistEnforced($input: SetIpAllowlistEnforcedInput!) {\n    setIpAllowlistEnforced(input: $input) {\n      account {\n        id\n        settings {\n          ipAllowlistEnforced\n        }\n      }\n      ipAllowlist {\n        enforced\n      }\n    }\n  }\n": types.SetIpAllowlistEnforcedDocument,
    "\n  fragment LicenseMappingRow on LicenseMapping {\n    id\n    groupName\n    licenseType\n    createdAt\n    updatedAt\n  }\n": types.LicenseMappingRowFragmentDoc,
    "\n  query LicenseMappingsPage {\n    licenseMappings {\n      ...LicenseMappingRow\n    }\n  }\n": types.LicenseMappingsPageDocument,
    "\n  mutation CreateLicenseMapping($input: CreateLicenseMappingInput!) {\n    createLicenseMapping(input: $input) {\n      usersChanged\n      licenseMapping {\n        ...LicenseMappingRow\n      }\n    }\n  }\n": types.CreateLicenseMappingDocument,
    "\n  mutation UpdateLicenseMapping($input: UpdateLicenseMappingInput!) {\n    updateLicenseMapping(input: $input) {\n      usersChanged\n      licenseMapping {\n        ...LicenseMappingRow\n      }\n    }\n  }\n": types.UpdateLicenseMappingDocument,
    "\n  mutation DeleteLicenseMapping($input: DeleteLicenseMappingInput!) {\n    deleteLicenseMapping(input: $input) {\n      usersChanged\n      deletedLicenseMappingId\n    }\n  }\n": types.DeleteLicenseMappingDocument,
    "\n  query ProvisioningLog($first: Int, $after: String, $filter: ProvisioningEventFilter) {\n    provisioningEvents(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ProvisioningEventFields\n        }\n      }\n    }\n  }\n": types.ProvisioningLogDocument,
    "\n  fragment ScimTokenFields on ScimToken {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    expiresAt\n    revokedAt\n    state\n  }\n": types.ScimTokenFieldsFragmentDoc,
    "\n  query ScimTokens($first: Int, $after: String) {\n    scimTokens(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ScimTokenFields\n        }\n      }\n    }\n  }\n": types.ScimTokensDocument,
    "\n  mutation UpdateAccountSettings($input: UpdateAccountSettingsInput!) {\n    updateAccountSettings(input: $input) {\n      changedSettings\n      licensesChanged\n      account {\n        id\n        settings {\n          scimEnabled\n          allowManualUpdates\n          scimLicenseManagement\n          defaultLicenseType\n          userNameMustMatchEmail\n          ipAllowlistEnforced\n        }\n      }\n    }\n  }\n": types.UpdateAccountSettingsDocument,
    "\n  mutation CreateScimToken($input: CreateScimTokenInput!) {\n    createScimToken(input: $input) {\n      token\n      scimToken {\n        ...ScimTokenFields\n      }\n    }\n  }\n": types.CreateScimTokenDocument,
    "\n  mutation RotateScimToken($input: RotateScimTokenInput!) {\n    rotateScimToken(input: $input) {\n      token\n      scimToken {\n        ...ScimTokenFields\n      }\n      previousScimToken {\n        ...ScimTokenFields\n      }\n    }\n  }\n": types.RotateScimTokenDocument,
    "\n  mutation RevokeScimToken($input: RevokeTokenInput!) {\n    revokeScimToken(input: $input) {\n      scimToken {\n        ...ScimTokenFields\n      }\n    }\n  }\n": types.RevokeScimTokenDocument,
    "\n  fragment SsoMappingRuleRow on SsoMappingRule {\n    id\n    claimValue\n    matchType\n    updatedAt\n    group {\n      id\n      displayName\n      managedBy\n    }\n  }\n": types.SsoMappingRuleRowFragmentDoc,
    "\n  query SsoRulesPage {\n    ssoMappingRules {\n      ...SsoMappingRuleRow\n    }\n  }\n": types.SsoRulesPageDocument,
    "\n  mutation CreateSsoMappingRule($input: CreateSsoMappingRuleInput!) {\n    createSsoMappingRule(input: $input) {\n      ssoMappingRule {\n        ...SsoMappingRuleRow\n      }\n    }\n  }\n": types.CreateSsoMappingRuleDocument,
    "\n  mutation UpdateSsoMappingRule($input: UpdateSsoMappingRuleInput!) {\n    updateSsoMappingRule(input: $input) {\n      ssoMappingRule {\n        ...SsoMappingRuleRow\n      }\n    }\n  }\n": types.UpdateSsoMappingRuleDocument,
    "\n  mutation DeleteSsoMappingRule($input: DeleteSsoMappingRuleInput!) {\n    deleteSsoMappingRule(input: $input) {\n      deletedSsoMappingRuleId\n    }\n  }\n": types.DeleteSsoMappingRuleDocument,
    "\n  mutation TrySsoSignIn($input: ResolveSsoSignInInput!) {\n    resolveSsoSignIn(input: $input) {\n      dryRun\n      created\n      appliedRules\n      reason\n      licenseType\n      licenseSource\n      user {\n        id\n        userName\n        email\n        managedBy\n        state\n      }\n      matchedGroups {\n        id\n        displayName\n      }\n      addedGroups {\n        id\n        displayName\n      }\n      removedGroups {\n        id\n        displayName\n      }\n      skippedGroups {\n        id\n        displayName\n      }\n      groups {\n        id\n        displayName\n      }\n    }\n  }\n": types.TrySsoSignInDocument,
    "\n  query UserDetail($id: ID!) {\n    user(id: $id) {\n      id\n      userName\n      email\n      pendingEmail\n      givenName\n      middleName\n      familyName\n      displayName\n      title\n      active\n      state\n      managedBy\n      manualUpdateBlockedReason\n      licenseType\n      licenseSource\n      licensePending\n      licenseSourceGroup {\n        id\n        displayName\n      }\n      invitedAt\n      invitationAcceptedAt\n      createdAt\n      updatedAt\n      groups(first: 50) {\n        ...UserGroupsPage\n      }\n    }\n  }\n": types.UserDetailDocument,
    "\n  fragment UserGroupsPage on GroupConnection {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        displayName\n        managedBy\n      }\n    }\n  }\n": types.UserGroupsPageFragmentDoc,
    "\n  query MoreUserGroups($id: ID!, $after: String) {\n    user(id: $id) {\n      id\n      groups(first: 100, after: $after) {\n        ...UserGroupsPage\n      }\n    }\n  }\n": types.MoreUserGroupsDocument,
    "\n  query ResourceEvents($resourceId: ID!) {\n    provisioningEvents(first: 20, filter: { resourceId: $resourceId }) {\n      edges {\n        node {\n          ...ProvisioningEventFields\n        }\n      }\n    }\n  }\n": types.ResourceEventsDocument,
    "\n  mutation UpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) {\n      user {\n        id\n        userName\n        email\n        pendingEmail\n        givenName\n        familyName\n        displayName\n        title\n        updatedAt\n      }\n    }\n  }\n": types.UpdateUserDocument,
    "\n  mutation DeactivateUser($input: DeactivateUserInput!) {\n    deactivateUser(input: $input) {\n      user {\n        id\n        active\n        state\n      }\n    }\n  }\n": types.DeactivateUserDocument,
    "\n  mutation ReactivateUser($input: ReactivateUserInput!) {\n    reactivateUser(input: $input) {\n      user {\n        id\n        active\n        state\n      }\n    }\n  }\n": types.ReactivateUserDocument,
    "\n  mutation DeleteUser($input: DeleteUserInput!) {\n    deleteUser(input: $input) {\n      deletedUserId\n    }\n  }\n": types.DeleteUserDocument,
    "\n  mutation ResendInvitation($input: ResendInvitationInput!) {\n    resendInvitation(input: $input) {\n      user {\n        id\n        state\n        invitedAt\n      }\n    }\n  }\n": types.ResendInvitationDocument,
    "\n  query Users($first: Int, $after: String, $filter: UserFilterInput) {\n    users(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          userName\n          email\n          displayName\n          givenName\n          familyName\n          state\n          managedBy\n          licenseType\n          licensePending\n        }\n      }\n    }\n  }\n": types.UsersDocument,
    "\n  query GroupName($id: ID!) {\n    group(id: $id) {\n      id\n      displayName\n    }\n  }\n": types.GroupNameDocument,
    "\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      user {\n        id\n        userName\n        state\n      }\n    }\n  }\n": types.InviteUserDocument,
    "\n  query Viewer {\n    viewer {\n      requestAddress\n      token {\n        id\n        name\n        role\n      }\n      account {\n        id\n        name\n        settings {\n          scimEnabled\n          allowManualUpdates\n          scimLicenseManagement\n          defaultLicenseType\n          userNameMustMatchEmail\n          ipAllowlistEnforced\n        }\n      }\n    }\n  }\n": types.ViewerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProvisioningEventFields on ProvisioningEvent {\n    id\n    occurredAt\n    actorType\n    actorName\n    actorId\n    action\n    resourceType\n    resourceId\n    outcome\n    manual\n    detail\n    requestId\n  }\n"): (typeof documents)["\n  fragment ProvisioningEventFields on ProvisioningEvent {\n    id\n    occurredAt\n    actorType\n    actorName\n    actorId\n    action\n    resourceType\n    resourceId\n    outcome\n    manual\n    detail\n    requestId\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GroupChoices($search: String, $first: Int) {\n    groups(first: $first, filter: { search: $search }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          displayName\n          managedBy\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query GroupChoices($search: String, $first: Int) {\n    groups(first: $first, filter: { search: $search }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      edges {\n        node {\n          id\n          displayName\n          managedBy\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GroupByName($displayName: String!) {\n    groups(first: 1, filter: { displayName: $displayName }) {\n      edges {\n        node {\n          id\n          displayName\n          managedBy\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query GroupByName($displayName: String!) {\n    groups(first: 1, filter: { displayName: $displayName }) {\n      edges {\n        node {\n          id\n          displayName\n          managedBy\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GroupDetail($id: ID!, $first: Int, $after: String) {\n    group(id: $id) {\n      id\n      displayName\n      externalId\n      managedBy\n      manualUpdateBlockedReason\n      memberCount\n      createdAt\n      updatedAt\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            userName\n            email\n            displayName\n            givenName\n            familyName\n            state\n            managedBy\n            licenseType\n            licensePending\n          }\n        }\n      }\n    }\n    licenseMappings {\n      id\n      groupName\n      licenseType\n    }\n  }\n"): (typeof documents)["\n  query GroupDetail($id: ID!, $first: Int, $after: String) {\n    group(id: $id) {\n      id\n      displayName\n      externalId\n      managedBy\n      manualUpdateBlockedReason\n      memberCount\n      createdAt\n      updatedAt\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            userName\n            email\n            displayName\n            givenName\n            familyName\n            state\n            managedBy\n            licenseType\n            licensePending\n          }\n        }\n      }\n    }\n    licenseMappings {\n      id\n      groupName\n      licenseType\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MemberCandidates($search: String) {\n    users(first: 10, filter: { search: $search }) {\n      edges {\n        node {\n          id\n          userName\n          email\n          displayName\n          givenName\n          familyName\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MemberCandidates($search: String) {\n    users(first: 10, filter: { search: $search }) {\n      edges {\n        node {\n          id\n          userName\n          email\n          displayName\n          givenName\n          familyName\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameGroup($input: RenameGroupInput!) {\n    renameGroup(input: $input) {\n      group {\n        id\n        displayName\n        updatedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RenameGroup($input: RenameGroupInput!) {\n    renameGroup(input: $input) {\n      group {\n        id\n        displayName\n        updatedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteGroup($input: DeleteGroupInput!) {\n    deleteGroup(input: $input) {\n      deletedGroupId\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteGroup($input: DeleteGroupInput!) {\n    deleteGroup(input: $input) {\n      deletedGroupId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddGroupMembers($input: AddGroupMembersInput!) {\n    addGroupMembers(input: $input) {\n      addedCount\n      group {\n        id\n        memberCount\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddGroupMembers($input: AddGroupMembersInput!) {\n    addGroupMembers(input: $input) {\n      addedCount\n      group {\n        id\n        memberCount\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveGroupMembers($input: RemoveGroupMembersInput!) {\n    removeGroupMembers(input: $input) {\n      removedCount\n      group {\n        id\n        memberCount\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveGroupMembers($input: RemoveGroupMembersInput!) {\n    removeGroupMembers(input: $input) {\n      removedCount\n      group {\n        id\n        memberCount\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Groups($first: Int, $after: String, $filter: GroupFilterInput) {\n    groups(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          displayName\n          managedBy\n          memberCount\n          updatedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Groups($first: Int, $after: String, $filter: GroupFilterInput) {\n    groups(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          displayName\n          managedBy\n          memberCount\n          updatedAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateGroup($input: CreateGroupInput!) {\n    createGroup(input: $input) {\n      group {\n        id\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateGroup($input: CreateGroupInput!) {\n    createGroup(input: $input) {\n      group {\n        id\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IpAllowlistPage($first: Int!) {\n    viewer {\n      requestAddress\n    }\n    ipAllowlist {\n      enforced\n      sources {\n        source\n        count\n        lastChangedAt\n      }\n      entries(first: $first) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            cidr\n            source\n            description\n            createdAt\n            createdBy\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query IpAllowlistPage($first: Int!) {\n    viewer {\n      requestAddress\n    }\n    ipAllowlist {\n      enforced\n      sources {\n        source\n        count\n        lastChangedAt\n      }\n      entries(first: $first) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            cidr\n            source\n            description\n            createdAt\n            createdBy\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddIpAllowlistEntries($input: AddIpAllowlistEntriesInput!) {\n    addIpAllowlistEntries(input: $input) {\n      added\n      unchanged\n      addedCidrs\n      ipAllowlist {\n        enforced\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddIpAllowlistEntries($input: AddIpAllowlistEntriesInput!) {\n    addIpAllowlistEntries(input: $input) {\n      added\n      unchanged\n      addedCidrs\n      ipAllowlist {\n        enforced\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveIpAllowlistEntries($input: RemoveIpAllowlistEntriesInput!) {\n    removeIpAllowlistEntries(input: $input) {\n      removed\n      removedCidrs\n      notFoundCidrs\n      ipAllowlist {\n        enforced\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveIpAllowlistEntries($input: RemoveIpAllowlistEntriesInput!) {\n    removeIpAllowlistEntries(input: $input) {\n      removed\n      removedCidrs\n      notFoundCidrs\n      ipAllowlist {\n        enforced\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetIpAllowlistEnforced($input: SetIpAllowlistEnforcedInput!) {\n    setIpAllowlistEnforced(input: $input) {\n      account {\n        id\n        settings {\n          ipAllowlistEnforced\n        }\n      }\n      ipAllowlist {\n        enforced\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetIpAllowlistEnforced($input: SetIpAllowlistEnforcedInput!) {\n    setIpAllowlistEnforced(input: $input) {\n      account {\n        id\n        settings {\n          ipAllowlistEnforced\n        }\n      }\n      ipAllowlist {\n        enforced\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LicenseMappingRow on LicenseMapping {\n    id\n    groupName\n    licenseType\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment LicenseMappingRow on LicenseMapping {\n    id\n    groupName\n    licenseType\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LicenseMappingsPage {\n    licenseMappings {\n      ...LicenseMappingRow\n    }\n  }\n"): (typeof documents)["\n  query LicenseMappingsPage {\n    licenseMappings {\n      ...LicenseMappingRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateLicenseMapping($input: CreateLicenseMappingInput!) {\n    createLicenseMapping(input: $input) {\n      usersChanged\n      licenseMapping {\n        ...LicenseMappingRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateLicenseMapping($input: CreateLicenseMappingInput!) {\n    createLicenseMapping(input: $input) {\n      usersChanged\n      licenseMapping {\n        ...LicenseMappingRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateLicenseMapping($input: UpdateLicenseMappingInput!) {\n    updateLicenseMapping(input: $input) {\n      usersChanged\n      licenseMapping {\n        ...LicenseMappingRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateLicenseMapping($input: UpdateLicenseMappingInput!) {\n    updateLicenseMapping(input: $input) {\n      usersChanged\n      licenseMapping {\n        ...LicenseMappingRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteLicenseMapping($input: DeleteLicenseMappingInput!) {\n    deleteLicenseMapping(input: $input) {\n      usersChanged\n      deletedLicenseMappingId\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteLicenseMapping($input: DeleteLicenseMappingInput!) {\n    deleteLicenseMapping(input: $input) {\n      usersChanged\n      deletedLicenseMappingId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProvisioningLog($first: Int, $after: String, $filter: ProvisioningEventFilter) {\n    provisioningEvents(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ProvisioningEventFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ProvisioningLog($first: Int, $after: String, $filter: ProvisioningEventFilter) {\n    provisioningEvents(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ProvisioningEventFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScimTokenFields on ScimToken {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    expiresAt\n    revokedAt\n    state\n  }\n"): (typeof documents)["\n  fragment ScimTokenFields on ScimToken {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    expiresAt\n    revokedAt\n    state\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScimTokens($first: Int, $after: String) {\n    scimTokens(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ScimTokenFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ScimTokens($first: Int, $after: String) {\n    scimTokens(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ScimTokenFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAccountSettings($input: UpdateAccountSettingsInput!) {\n    updateAccountSettings(input: $input) {\n      changedSettings\n      licensesChanged\n      account {\n        id\n        settings {\n          scimEnabled\n          allowManualUpdates\n          scimLicenseManagement\n          defaultLicenseType\n          userNameMustMatchEmail\n          ipAllowlistEnforced\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateAccountSettings($input: UpdateAccountSettingsInput!) {\n    updateAccountSettings(input: $input) {\n      changedSettings\n      licensesChanged\n      account {\n        id\n        settings {\n          scimEnabled\n          allowManualUpdates\n          scimLicenseManagement\n          defaultLicenseType\n          userNameMustMatchEmail\n          ipAllowlistEnforced\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateScimToken($input: CreateScimTokenInput!) {\n    createScimToken(input: $input) {\n      token\n      scimToken {\n        ...ScimTokenFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateScimToken($input: CreateScimTokenInput!) {\n    createScimToken(input: $input) {\n      token\n      scimToken {\n        ...ScimTokenFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateScimToken($input: RotateScimTokenInput!) {\n    rotateScimToken(input: $input) {\n      token\n      scimToken {\n        ...ScimTokenFields\n      }\n      previousScimToken {\n        ...ScimTokenFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateScimToken($input: RotateScimTokenInput!) {\n    rotateScimToken(input: $input) {\n      token\n      scimToken {\n        ...ScimTokenFields\n      }\n      previousScimToken {\n        ...ScimTokenFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeScimToken($input: RevokeTokenInput!) {\n    revokeScimToken(input: $input) {\n      scimToken {\n        ...ScimTokenFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeScimToken($input: RevokeTokenInput!) {\n    revokeScimToken(input: $input) {\n      scimToken {\n        ...ScimTokenFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SsoMappingRuleRow on SsoMappingRule {\n    id\n    claimValue\n    matchType\n    updatedAt\n    group {\n      id\n      displayName\n      managedBy\n    }\n  }\n"): (typeof documents)["\n  fragment SsoMappingRuleRow on SsoMappingRule {\n    id\n    claimValue\n    matchType\n    updatedAt\n    group {\n      id\n      displayName\n      managedBy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SsoRulesPage {\n    ssoMappingRules {\n      ...SsoMappingRuleRow\n    }\n  }\n"): (typeof documents)["\n  query SsoRulesPage {\n    ssoMappingRules {\n      ...SsoMappingRuleRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSsoMappingRule($input: CreateSsoMappingRuleInput!) {\n    createSsoMappingRule(input: $input) {\n      ssoMappingRule {\n        ...SsoMappingRuleRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSsoMappingRule($input: CreateSsoMappingRuleInput!) {\n    createSsoMappingRule(input: $input) {\n      ssoMappingRule {\n        ...SsoMappingRuleRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSsoMappingRule($input: UpdateSsoMappingRuleInput!) {\n    updateSsoMappingRule(input: $input) {\n      ssoMappingRule {\n        ...SsoMappingRuleRow\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSsoMappingRule($input: UpdateSsoMappingRuleInput!) {\n    updateSsoMappingRule(input: $input) {\n      ssoMappingRule {\n        ...SsoMappingRuleRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSsoMappingRule($input: DeleteSsoMappingRuleInput!) {\n    deleteSsoMappingRule(input: $input) {\n      deletedSsoMappingRuleId\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteSsoMappingRule($input: DeleteSsoMappingRuleInput!) {\n    deleteSsoMappingRule(input: $input) {\n      deletedSsoMappingRuleId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TrySsoSignIn($input: ResolveSsoSignInInput!) {\n    resolveSsoSignIn(input: $input) {\n      dryRun\n      created\n      appliedRules\n      reason\n      licenseType\n      licenseSource\n      user {\n        id\n        userName\n        email\n        managedBy\n        state\n      }\n      matchedGroups {\n        id\n        displayName\n      }\n      addedGroups {\n        id\n        displayName\n      }\n      removedGroups {\n        id\n        displayName\n      }\n      skippedGroups {\n        id\n        displayName\n      }\n      groups {\n        id\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation TrySsoSignIn($input: ResolveSsoSignInInput!) {\n    resolveSsoSignIn(input: $input) {\n      dryRun\n      created\n      appliedRules\n      reason\n      licenseType\n      licenseSource\n      user {\n        id\n        userName\n        email\n        managedBy\n        state\n      }\n      matchedGroups {\n        id\n        displayName\n      }\n      addedGroups {\n        id\n        displayName\n      }\n      removedGroups {\n        id\n        displayName\n      }\n      skippedGroups {\n        id\n        displayName\n      }\n      groups {\n        id\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserDetail($id: ID!) {\n    user(id: $id) {\n      id\n      userName\n      email\n      pendingEmail\n      givenName\n      middleName\n      familyName\n      displayName\n      title\n      active\n      state\n      managedBy\n      manualUpdateBlockedReason\n      licenseType\n      licenseSource\n      licensePending\n      licenseSourceGroup {\n        id\n        displayName\n      }\n      invitedAt\n      invitationAcceptedAt\n      createdAt\n      updatedAt\n      groups(first: 50) {\n        ...UserGroupsPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query UserDetail($id: ID!) {\n    user(id: $id) {\n      id\n      userName\n      email\n      pendingEmail\n      givenName\n      middleName\n      familyName\n      displayName\n      title\n      active\n      state\n      managedBy\n      manualUpdateBlockedReason\n      licenseType\n      licenseSource\n      licensePending\n      licenseSourceGroup {\n        id\n        displayName\n      }\n      invitedAt\n      invitationAcceptedAt\n      createdAt\n      updatedAt\n      groups(first: 50) {\n        ...UserGroupsPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserGroupsPage on GroupConnection {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        displayName\n        managedBy\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment UserGroupsPage on GroupConnection {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        displayName\n        managedBy\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MoreUserGroups($id: ID!, $after: String) {\n    user(id: $id) {\n      id\n      groups(first: 100, after: $after) {\n        ...UserGroupsPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query MoreUserGroups($id: ID!, $after: String) {\n    user(id: $id) {\n      id\n      groups(first: 100, after: $after) {\n        ...UserGroupsPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ResourceEvents($resourceId: ID!) {\n    provisioningEvents(first: 20, filter: { resourceId: $resourceId }) {\n      edges {\n        node {\n          ...ProvisioningEventFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ResourceEvents($resourceId: ID!) {\n    provisioningEvents(first: 20, filter: { resourceId: $resourceId }) {\n      edges {\n        node {\n          ...ProvisioningEventFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) {\n      user {\n        id\n        userName\n        email\n        pendingEmail\n        givenName\n        familyName\n        displayName\n        title\n        updatedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) {\n      user {\n        id\n        userName\n        email\n        pendingEmail\n        givenName\n        familyName\n        displayName\n        title\n        updatedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeactivateUser($input: DeactivateUserInput!) {\n    deactivateUser(input: $input) {\n      user {\n        id\n        active\n        state\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeactivateUser($input: DeactivateUserInput!) {\n    deactivateUser(input: $input) {\n      user {\n        id\n        active\n        state\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReactivateUser($input: ReactivateUserInput!) {\n    reactivateUser(input: $input) {\n      user {\n        id\n        active\n        state\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReactivateUser($input: ReactivateUserInput!) {\n    reactivateUser(input: $input) {\n      user {\n        id\n        active\n        state\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteUser($input: DeleteUserInput!) {\n    deleteUser(input: $input) {\n      deletedUserId\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteUser($input: DeleteUserInput!) {\n    deleteUser(input: $input) {\n      deletedUserId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendInvitation($input: ResendInvitationInput!) {\n    resendInvitation(input: $input) {\n      user {\n        id\n        state\n        invitedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ResendInvitation($input: ResendInvitationInput!) {\n    resendInvitation(input: $input) {\n      user {\n        id\n        state\n        invitedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($first: Int, $after: String, $filter: UserFilterInput) {\n    users(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          userName\n          email\n          displayName\n          givenName\n          familyName\n          state\n          managedBy\n          licenseType\n          licensePending\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Users($first: Int, $after: String, $filter: UserFilterInput) {\n    users(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          userName\n          email\n          displayName\n          givenName\n          familyName\n          state\n          managedBy\n          licenseType\n          licensePending\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GroupName($id: ID!) {\n    group(id: $id) {\n      id\n      displayName\n    }\n  }\n"): (typeof documents)["\n  query GroupName($id: ID!) {\n    group(id: $id) {\n      id\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      user {\n        id\n        userName\n        state\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      user {\n        id\n        userName\n        state\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      requestAddress\n      token {\n        id\n        name\n        role\n      }\n      account {\n        id\n        name\n        settings {\n          scimEnabled\n          allowManualUpdates\n          scimLicenseManagement\n          defaultLicenseType\n          userNameMustMatchEmail\n          ipAllowlistEnforced\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      requestAddress\n      token {\n        id\n        name\n        role\n      }\n      account {\n        id\n        name\n        settings {\n          scimEnabled\n          allowManualUpdates\n          scimLicenseManagement\n          defaultLicenseType\n          userNameMustMatchEmail\n          ipAllowlistEnforced\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;