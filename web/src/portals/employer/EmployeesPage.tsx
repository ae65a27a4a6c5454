import { Button, Checkbox, Group, Modal, Stack, Table, Text, TextInput, Loader } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { CursorPager, useCursorPages } from '../../components/CursorPager';
import { FormError } from '../../components/FormError';
import { Page } from '../../components/Page';
import { ScrollTable } from '../../components/ScrollTable';
import { YesNo } from '../../components/YesNo';
import { formatDate } from '../../dates';
import { errorField, errorMessage } from '../../errors';
import { usePortal } from '../PortalShell';

export const PAGE_SIZE = 20;

const EmployeesDocument = graphql(`
  query Employees($first: Int, $after: String) {
    employees(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        email
        phone
        employeeNumber
        hasLogin
        createdAt
      }
    }
  }
`);

const CreateEmployeeDocument = graphql(`
  mutation CreateEmployee($input: CreateEmployeeInput!) {
    createEmployee(input: $input) {
      id
      name
      email
      phone
      employeeNumber
      hasLogin
      createdAt
    }
  }
`);

const context = { additionalTypenames: ['Employee'] };

export function EmployeesPage() {
  const { t } = useTranslation();
  const { me, portalTitle } = usePortal();
  const cursorPages = useCursorPages();
  const { page } = cursorPages;
  const [{ data, fetching, error }] = useQuery({
    query: EmployeesDocument,
    variables: { first: PAGE_SIZE, after: cursorPages.after },
    context: useMemo(() => context, []),
  });
  const [opened, { open, close }] = useDisclosure(false);
  const mayCreate = me.roles.includes('HR_ADMIN') || me.roles.includes('CASE_MANAGER');
  const connection = data?.employees;
  const pages = connection ? Math.max(1, Math.ceil(connection.totalCount / PAGE_SIZE)) : 1;

  return (
    <Page title={t('employees.title')} context={portalTitle}>
      <Group justify="space-between" align="center">
        <Text role="status">{connection ? t('employees.count', { count: connection.totalCount }) : ''}</Text>
        {mayCreate && <Button onClick={open}>{t('employees.add')}</Button>}
      </Group>
      <FormError message={errorMessage(t, error)} />
      {!connection && fetching && <Loader aria-label={t('common.loading')} />}
      {connection && connection.nodes.length === 0 && <Text c="dimmed">{t('employees.none')}</Text>}
      {connection && connection.nodes.length > 0 && (
        <ScrollTable caption={t('employees.caption', { page, pages })} minWidth={720}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('common.name')}</Table.Th>
              <Table.Th scope="col">{t('employees.number')}</Table.Th>
              <Table.Th scope="col">{t('common.email')}</Table.Th>
              <Table.Th scope="col">{t('employees.phone')}</Table.Th>
              <Table.Th scope="col">{t('employees.hasLogin')}</Table.Th>
              <Table.Th scope="col">{t('employees.createdAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {connection.nodes.map((employee) => (
              <Table.Tr key={employee.id}>
                <Table.Th scope="row" fw={500}>
                  {employee.name}
                </Table.Th>
                <Table.Td>{employee.employeeNumber ?? '–'}</Table.Td>
                <Table.Td>{employee.email ?? '–'}</Table.Td>
                <Table.Td>{employee.phone ?? '–'}</Table.Td>
                <Table.Td>
                  <YesNo value={employee.hasLogin} />
                </Table.Td>
                <Table.Td>{formatDate(employee.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
      {connection && (
        <CursorPager
          label={t('employees.pagination')}
          pages={cursorPages}
          pageInfo={connection.pageInfo}
        >
          <Text>{t('employees.page', { page, pages })}</Text>
        </CursorPager>
      )}
      <Modal opened={opened} onClose={close} title={t('employees.add')} size="lg">
        <CreateEmployeeForm onCreated={close} />
      </Modal>
    </Page>
  );
}

function CreateEmployeeForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [employeeNumber, setEmployeeNumber] = useState('');
  const [invite, setInvite] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [{ fetching }, create] = useMutation(CreateEmployeeDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = t('form.required');
    if (email.trim() && !/^\S+@\S+\.\S+$/.test(email.trim())) errors.email = t('errors.INVALID_EMAIL');
    if (invite && !email.trim()) errors.email = t('employees.inviteNeedsEmail');
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const result = await create(
      {
        input: {
          name: name.trim(),
          email: email.trim() || null,
          phone: phone.trim() || null,
          employeeNumber: employeeNumber.trim() || null,
          invite,
        },
      },
      context,
    );
    if (result.error || !result.data) {
      const message = errorMessage(t, result.error);
      const field = errorField(result.error);
      if (message && field && ['name', 'email', 'phone', 'employeeNumber'].includes(field)) setFieldErrors({ [field]: message });
      else setError(message);
      return;
    }
    notifications.show({
      color: 'green',
      title: t('employees.addedTitle'),
      message: t(invite ? 'employees.addedInvited' : 'employees.added', { name: result.data.createEmployee.name }),
    });
    onCreated();
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError message={error} />
        <TextInput label={t('common.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldErrors.name} required autoComplete="off" data-autofocus />
        <TextInput label={t('common.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldErrors.email} autoComplete="off" />
        <TextInput label={t('employees.phone')} type="tel" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} error={fieldErrors.phone} autoComplete="off" />
        <TextInput label={t('employees.number')} value={employeeNumber} onChange={(e) => setEmployeeNumber(e.currentTarget.value)} error={fieldErrors.employeeNumber} autoComplete="off" />
        <Checkbox
          label={t('employees.invite')}
          description={t('employees.inviteHint')}
          checked={invite}
          onChange={(e) => setInvite(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={fetching}>
            {t('employees.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
