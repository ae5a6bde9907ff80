import { URN } from './urns';

/** RFC 7643 §7 attribute characteristics, as `/Schemas` publishes them. */
export interface AttributeDefinition {
  name: string;
  type: 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDefinition[];
}

export interface SchemaDefinition {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
}

type Options = Partial<Omit<AttributeDefinition, 'name' | 'type' | 'description'>>;

function attr(name: string, type: AttributeDefinition['type'], description: string, options: Options = {}): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

const str = (name: string, description: string, options?: Options) => attr(name, 'string', description, options);

function multiValued(name: string, description: string, valueDescription: string, types: string[]): AttributeDefinition {
  return attr(name, 'complex', description, {
    multiValued: true,
    subAttributes: [
      str('value', valueDescription),
      str('display', 'A human-readable name, primarily used for display purposes.'),
      str('type', 'A label indicating the function of this value.', { canonicalValues: types }),
      attr('primary', 'boolean', 'Indicates the preferred value; at most one value may be primary.'),
    ],
  });
}

export const userSchema: SchemaDefinition = {
  id: URN.user,
  name: 'User',
  description: 'User Account',
  attributes: [
    str('userName', "Unique identifier for the User, used to sign in. Unique per account ignoring case; must equal the user's primary email address.", {
      required: true,
      uniqueness: 'server',
    }),
    attr('name', 'complex', "The components of the user's real name.", {
      subAttributes: [
        str('formatted', 'The full name, formatted for display.'),
        str('familyName', 'The family name (last name).'),
        str('givenName', 'The given name (first name).'),
        str('middleName', 'The middle name(s).'),
        str('honorificPrefix', 'The honorific prefix(es), e.g. Ms.'),
        str('honorificSuffix', 'The honorific suffix(es), e.g. III.'),
      ],
    }),
    str('displayName', 'The name of the User, suitable for display to end-users.'),
    str('nickName', 'The casual way to address the user.'),
    str('title', "The user's title, such as Vice President."),
    str('userType', 'The relationship between the organization and the user, e.g. Employee or Contractor.'),
    str('preferredLanguage', "The user's preferred written or spoken language (RFC 7231 Accept-Language format)."),
    str('locale', "The user's default location for localizing, e.g. en-US."),
    str('timezone', "The user's time zone in IANA format, e.g. America/Los_Angeles."),
    attr('active', 'boolean', "The user's administrative status; false deactivates without deleting."),
    attr('password', 'string', 'Accepted for compatibility and ignored: Roster never stores or returns passwords.', {
      mutability: 'writeOnly',
      returned: 'never',
      caseExact: true,
    }),
    multiValued('emails', 'Email addresses for the user.', 'Email address for the user.', ['work', 'home', 'other']),
    multiValued('phoneNumbers', 'Phone numbers for the user.', 'Phone number of the user.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    attr('groups', 'complex', 'The groups the user belongs to; managed through the Group resource.', {
      multiValued: true,
      mutability: 'readOnly',
      subAttributes: [
        str('value', 'The id of the group.', { mutability: 'readOnly', caseExact: true }),
        attr('$ref', 'reference', 'The URI of the group.', { mutability: 'readOnly', referenceTypes: ['Group'] }),
        str('display', 'The display name of the group.', { mutability: 'readOnly' }),
        str('type', 'How the membership was derived.', { mutability: 'readOnly', canonicalValues: ['direct'] }),
      ],
    }),
  ],
};

export const enterpriseUserSchema: SchemaDefinition = {
  id: URN.enterpriseUser,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    str('employeeNumber', 'A string identifier, typically numeric or alphanumeric, assigned to a person.'),
    str('costCenter', 'Identifies the name of a cost center.'),
    str('organization', 'Identifies the name of an organization.'),
    str('division', 'Identifies the name of a division.'),
    str('department', 'Identifies the name of a department.'),
    attr('manager', 'complex', "The user's manager.", {
      subAttributes: [
        str('value', 'The id of the manager.'),
        attr('$ref', 'reference', 'The URI of the manager.', { referenceTypes: ['User'] }),
        str('displayName', 'The display name of the manager.', { mutability: 'readOnly' }),
      ],
    }),
  ],
};

export const licenseUserSchema: SchemaDefinition = {
  id: URN.licenseUser,
  name: 'LicenseUser',
  description: "The user's license, as the IdP assigns it. Decides the license only when the account's SCIM license management is on.",
  attributes: [
    str('licenseType', 'The license type of the user.', { canonicalValues: ['it', 'analyst', 'developer', 'read_only'] }),
  ],
};

export const groupSchema: SchemaDefinition = {
  id: URN.group,
  name: 'Group',
  description: 'Group',
  attributes: [
    str('displayName', 'A human-readable name for the Group. Unique per account ignoring case.', { required: true, uniqueness: 'server' }),
    attr('members', 'complex', 'A list of members of the Group.', {
      multiValued: true,
      subAttributes: [
        str('value', 'The id of the member.', { mutability: 'immutable', caseExact: true }),
        attr('$ref', 'reference', 'The URI of the member.', { mutability: 'immutable', referenceTypes: ['User'] }),
        str('display', 'The display name of the member.', { mutability: 'immutable' }),
        str('type', 'The type of the member.', { mutability: 'immutable', canonicalValues: ['User'] }),
      ],
    }),
  ],
};

/** RFC 7643 §3.1: attributes every resource carries. */
export const commonAttributes: AttributeDefinition[] = [
  str('id', 'Unique identifier assigned by Roster.', { caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server' }),
  str('externalId', 'Identifier assigned by the provisioning client. Unique per account, case-sensitive.', { caseExact: true, uniqueness: 'server' }),
  attr('meta', 'complex', 'Resource metadata.', {
    mutability: 'readOnly',
    subAttributes: [
      str('resourceType', 'The name of the resource type.', { caseExact: true, mutability: 'readOnly' }),
      attr('created', 'dateTime', 'When the resource was added.', { mutability: 'readOnly' }),
      attr('lastModified', 'dateTime', 'When the resource was last changed.', { mutability: 'readOnly' }),
      attr('location', 'reference', 'The URI of the resource.', { caseExact: true, mutability: 'readOnly', referenceTypes: ['uri'] }),
      str('version', 'The weak ETag of the resource.', { caseExact: true, mutability: 'readOnly' }),
    ],
  }),
];

export const allSchemas: SchemaDefinition[] = [userSchema, enterpriseUserSchema, licenseUserSchema, groupSchema];
