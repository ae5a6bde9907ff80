import type { Browser, Page } from 'playwright-core';
import { e2eServer, goToPage, launchBrowser, settled, signedInConsole } from './support/browser';
import { createAccount, type CreatedAccount, gqlAs } from './support/roster';

/** Editing and deleting a license mapping, seen where it matters: the license of a member of the mapped group. */
describe('license mappings: edit and delete, in the browser', () => {
  const server = e2eServer();
  let browser: Browser;
  let page: Page;
  let account: CreatedAccount;
  let userId = '';
  const call = gqlAs(server, () => account.apiToken);

  beforeAll(async () => {
    account = await createAccount(server, 'Mappings edit');
    await call('mutation { updateAccountSettings(input: { defaultLicenseType: READ_ONLY }) { changedSettings } }');
    const { createGroup } = await call('mutation { createGroup(input: { displayName: "Designers" }) { group { id } } }');
    const { inviteUser } = await call('mutation { inviteUser(input: { userName: "ruth.asawa@example.com", givenName: "Ruth", familyName: "Asawa" }) { user { id } } }');
    userId = inviteUser.user.id;
    await call('mutation($g: ID!, $u: [ID!]!) { addGroupMembers(input: { groupId: $g, userIds: $u }) { addedCount } }', { g: createGroup.group.id, u: [userId] });
    await call('mutation { createLicenseMapping(input: { groupName: "Designers", licenseType: ANALYST }) { usersChanged } }');
    await call('mutation { createLicenseMapping(input: { groupName: "Finance", licenseType: IT }) { usersChanged } }');
    browser = await launchBrowser();
    page = await signedInConsole(browser, server, account.apiToken);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const mappings = () => page.getByRole('region', { name: 'License mappings' });
  /** The License section of Ruth's user page. */
  async function licenseOfRuth(): Promise<ReturnType<Page['getByRole']>> {
    await page.goto(`/admin/users/${userId}`);
    await page.getByRole('heading', { level: 1, name: /Ruth Asawa/ }).waitFor();
    return page.getByRole('region', { name: 'License' });
  }

  it('edits a mapping: the member’s license follows the new license type', async () => {
    await (await licenseOfRuth()).filter({ hasText: /^License\s*Analyst/ }).filter({ hasText: 'through group Designers' }).waitFor();

    await goToPage(page, 'License mappings');
    await settled(page);
    await mappings().getByRole('button', { name: 'Edit mapping Designers' }).click();
    // Edited in place: the row turns into fields.
    await mappings().getByLabel('License', { exact: true }).selectOption('DEVELOPER');
    await mappings().getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Mapping saved. 1 user’s license changed.' }).waitFor();
    await mappings().getByRole('row', { name: /^Designers\b/ }).filter({ hasText: 'Developer' }).waitFor();
    // The other mapping is untouched.
    await mappings().getByRole('row', { name: /^Finance\b/ }).filter({ hasText: 'IT' }).waitFor();
    const { licenseMappings } = await call('{ licenseMappings { groupName licenseType } }');
    expect(licenseMappings).toEqual(expect.arrayContaining([{ groupName: 'Designers', licenseType: 'DEVELOPER' }, { groupName: 'Finance', licenseType: 'IT' }]));

    await (await licenseOfRuth()).filter({ hasText: /^License\s*Developer/ }).filter({ hasText: 'through group Designers' }).waitFor();
  });

  it('renames a mapping away from the group: the member falls back to the default license', async () => {
    await goToPage(page, 'License mappings');
    await settled(page);
    await mappings().getByRole('button', { name: 'Edit mapping Designers' }).click();
    await mappings().getByLabel('Group name', { exact: true }).fill('Illustrators');
    await mappings().getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Mapping saved. 1 user’s license changed.' }).waitFor();
    await mappings().getByRole('row', { name: /^Illustrators\b/ }).filter({ hasText: 'Developer' }).waitFor();
    await (await licenseOfRuth()).filter({ hasText: /^License\s*Read-only/ }).filter({ hasText: 'From the account’s default license.' }).waitFor();

    // Back, for the deletion below.
    await call('mutation($id: ID!) { updateLicenseMapping(input: { id: $id, groupName: "Designers" }) { usersChanged } }', {
      id: ((await call('{ licenseMappings { id groupName } }')).licenseMappings as { id: string; groupName: string }[]).find((m) => m.groupName === 'Illustrators')!.id,
    });
    await (await licenseOfRuth()).filter({ hasText: /^License\s*Developer/ }).filter({ hasText: 'through group Designers' }).waitFor();
  });

  it('deletes a mapping after the confirmation, and not on Cancel: the member falls back to the default license', async () => {
    await goToPage(page, 'License mappings');
    await settled(page);
    await mappings().getByRole('button', { name: 'Delete mapping Designers' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete the mapping for “Designers”?' });
    await confirm.getByText('lose the Developer license').waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect((await call('{ licenseMappings { groupName } }')).licenseMappings).toHaveLength(2);

    await mappings().getByRole('button', { name: 'Delete mapping Designers' }).click();
    await confirm.getByRole('button', { name: 'Delete mapping' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Mapping deleted. 1 user’s license changed.' }).waitFor();
    await mappings().getByRole('row', { name: /^Designers\b/ }).waitFor({ state: 'detached' });
    await mappings().getByRole('row', { name: /^Finance\b/ }).waitFor();
    expect((await call('{ licenseMappings { groupName } }')).licenseMappings).toEqual([{ groupName: 'Finance' }]);

    await (await licenseOfRuth()).filter({ hasText: /^License\s*Read-only/ }).filter({ hasText: 'From the account’s default license.' }).waitFor();
  });
});
