import { Button, Checkbox, Group, Modal, Stack, Table, Text, TextInput, Loader, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { CursorPager, useCursorPages } from '../../components/CursorPager';
import { FormError } from '../../components/FormError';
import { ERROR_COLOUR } from '../../components/errorColour';
import { Page } from '../../components/Page';
import { ScrollTable } from '../../components/ScrollTable';
import { YesNo } from '../../components/YesNo';
import { formatDate } from '../../dates';
import { errorField, errorMessage } from '../../errors';
import { Link } from 'react-router';
import type { EmployeeFieldsFragment } from '../../gql/graphql';
import i18n from '../../i18n';
import { usePortal } from '../PortalShell';
import { EditEmployeeForm } from './employees/EditEmployeeForm';
import { EmployerDepartmentsDocument, LineManagersDocument, employeesContext } from './employees/operations';

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
        ...EmployeeFields
      }
    }
  }
`);

const CreateEmployeeDocument = graphql(`
  mutation CreateEmployee($input: CreateEmployeeInput!) {
    createEmployee(input: $input) {
      ...EmployeeFields
    }
  }
`);

type EmployeeRow = EmployeeFieldsFragment;

export function EmployeesPage() {
  const { t } = useTranslation();
  const { me, portalTitle } = usePortal();
  const cursorPages = useCursorPages();
  const { page } = cursorPages;
  // An import (REST) adds employees behind urql's back: always ask the server, show the cache first.
  const [{ data, fetching, error, operation }] = useQuery({
    query: EmployeesDocument,
    variables: { first: PAGE_SIZE, after: cursorPages.after },
    context: useMemo(() => employeesContext, []),
    requestPolicy: 'cache-and-network',
  });
  const [opened, { open, close }] = useDisclosure(false);
  const [editing, setEditing] = useState<EmployeeRow | null>(null);
  const isHr = me.roles.includes('HR_ADMIN');
  const mayCreate = isHr || me.roles.includes('CASE_MANAGER');
  // Departments and the employer's users are for HR and case managers (a line manager sees his
  // own people only, without the employer's structure).
  const [{ data: departmentData }] = useQuery({
    query: EmployerDepartmentsDocument,
    pause: !mayCreate,
    context: useMemo(() => employeesContext, []),
    requestPolicy: 'cache-and-network',
  });
  const [{ data: userData }] = useQuery({ query: LineManagersDocument, pause: !mayCreate });
  const departments = departmentData?.departments ?? [];
  const users = useMemo(() => userData?.users ?? [], [userData]);
  const managers = useMemo(() => users.filter((u) => u.roles.includes('MANAGER')), [users]);
  const connection = data?.employees;
  const pages = connection ? Math.max(1, Math.ceil(connection.totalCount / PAGE_SIZE)) : 1;
  // While the next page loads urql still holds the last one: the caption names the page shown
  // (not the one asked for), and paging on waits until it has come.
  const current = (operation?.variables.after ?? null) === (cursorPages.after ?? null);
  const [shownPage, setShownPage] = useState(page);
  if (current && connection && shownPage !== page) setShownPage(page);
  const departmentName = (id: string | null | undefined) => departments.find((d) => d.id === id)?.name ?? '–';
  // By all users: a manager who has since lost the role is still named.
  const userName = (id: string | null | undefined) => (id ? (users.find((u) => u.id === id)?.name ?? null) : null);

  return (
    <Page title={t('employees.title')} context={portalTitle}>
      <Group justify="space-between" align="center">
        <Text role="status">{connection ? t('employees.count', { count: connection.totalCount }) : ''}</Text>
        {mayCreate && (
          <Group gap="sm">
            <Button component={Link} to="/werkgever/medewerkers/afdelingen" variant="default">
              {t('employeeAdmin.toDepartments')}
            </Button>
            {isHr && (
              <Button component={Link} to="/werkgever/medewerkers/importeren" variant="default">
                {t('employeeAdmin.toImport')}
              </Button>
            )}
            <Button onClick={open}>{t('employees.add')}</Button>
          </Group>
        )}
      </Group>
      <FormError message={errorMessage(t, error)} />
      {!connection && fetching && <Loader aria-label={t('common.loading')} />}
      {connection && connection.nodes.length === 0 && <Text c="dimmed">{t('employees.none')}</Text>}
      {connection && connection.nodes.length > 0 && (
        <ScrollTable caption={t('employees.caption', { page: shownPage, pages })} minWidth={mayCreate ? 1320 : 960}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('common.name')}</Table.Th>
              <Table.Th scope="col">{t('employees.number')}</Table.Th>
              {mayCreate && <Table.Th scope="col">{t('employeeAdmin.department')}</Table.Th>}
              {mayCreate && <Table.Th scope="col">{t('employeeAdmin.manager')}</Table.Th>}
              <Table.Th scope="col">{t('employeeAdmin.hoursShort')}</Table.Th>
              <Table.Th scope="col">{t('employeeAdmin.contract')}</Table.Th>
              <Table.Th scope="col">{t('employeeAdmin.employedSince')}</Table.Th>
              <Table.Th scope="col">{t('employeeAdmin.employedUntil')}</Table.Th>
              <Table.Th scope="col">{t('common.email')}</Table.Th>
              <Table.Th scope="col">{t('employees.phone')}</Table.Th>
              <Table.Th scope="col">{t('employees.hasLogin')}</Table.Th>
              {mayCreate && (
                <Table.Th scope="col">
                  <VisuallyHidden>{t('employeeAdmin.actions')}</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {connection.nodes.map((employee) => (
              <Table.Tr key={employee.id}>
                <Table.Th scope="row" fw={500}>
                  {employee.name}
                </Table.Th>
                <Table.Td>{employee.employeeNumber ?? '–'}</Table.Td>
                {mayCreate && <Table.Td>{departmentName(employee.departmentId)}</Table.Td>}
                {mayCreate && (
                  <Table.Td>
                    {userName(employee.managerUserId) ?? '–'}
                    {employee.managerFollowsDepartment && (
                      <Text size="xs" c="dimmed">
                        {t('employeeAdmin.managerFollowsShort')}
                      </Text>
                    )}
                  </Table.Td>
                )}
                <Table.Td>{employee.hoursPerWeek != null ? formatHours(employee.hoursPerWeek) : '–'}</Table.Td>
                <Table.Td>{employee.contractType ? t(`contractType.${employee.contractType}`) : '–'}</Table.Td>
                <Table.Td>{employee.employedSince ? formatDate(employee.employedSince) : '–'}</Table.Td>
                <Table.Td>{employee.employedUntil ? formatDate(employee.employedUntil) : '–'}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{employee.email ?? '–'}</Table.Td>
                <Table.Td>{employee.phone ?? '–'}</Table.Td>
                <Table.Td>
                  <YesNo value={employee.hasLogin} />
                </Table.Td>
                {mayCreate && (
                  <Table.Td>
                    <Button size="xs" variant="light" onClick={() => setEditing(employee)} aria-label={t('employeeAdmin.editLabel', { name: employee.name })}>
                      {t('employeeAdmin.edit')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
      {connection && (
        <CursorPager
          label={t('employees.pagination')}
          pages={cursorPages}
          pageInfo={current ? connection.pageInfo : { hasNextPage: false, endCursor: null }}
        >
          <Text>{t('employees.page', { page: shownPage, pages })}</Text>
        </CursorPager>
      )}
      <Modal opened={opened} onClose={close} title={t('employees.add')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
        <CreateEmployeeForm onCreated={close} />
      </Modal>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing ? t('employeeAdmin.editTitle', { name: editing.name }) : ''} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
        {editing && <EditEmployeeForm key={editing.id} employee={editing} departments={departments} managers={managers} users={users} onDone={() => setEditing(null)} />}
      </Modal>
    </Page>
  );
}

/** "32" or "32,5" (nl) / "32.5" (en). */
function formatHours(hours: number): string {
  return hours.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'nl-NL', { maximumFractionDigits: 2 });
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
      employeesContext,
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
    <form onSubmit={submit} noValidate style={ERROR_COLOUR}>
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
