import { Anchor, Button, Group, Loader, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import type { EmployerDepartmentsQuery } from '../../../gql/graphql';
import { FormError } from '../../../components/FormError';
import { ERROR_COLOUR } from '../../../components/errorColour';
import { Page } from '../../../components/Page';
import { SectionCard } from '../../../components/SectionCard';
import { errorField, errorMessage } from '../../../errors';
import { usePortal } from '../../PortalShell';
import {
  CreateDepartmentDocument,
  EmployerDepartmentsDocument,
  LineManagersDocument,
  UpdateDepartmentDocument,
  departmentPath,
  departmentTree,
  employeesContext,
  flattenTree,
  type TreeEntry,
} from './operations';

type Department = EmployerDepartmentsQuery['departments'][number];
type Manager = { id: string; name: string };

/** The tree as nested lists: each level indented, with a line showing what hangs under what. */
const TOP = { listStyle: 'none', margin: 0, padding: 0 } as const;
const NESTED = {
  listStyle: 'none',
  margin: '0 0 0 var(--mantine-spacing-xs)',
  padding: '0 0 0 var(--mantine-spacing-md)',
  borderLeft: '2px solid var(--mantine-color-gray-4)',
} as const;

/** Ids of `id` and every department under it (a department cannot move under these). */
function selfAndBelow(departments: readonly Department[], id: string): Set<string> {
  const ids = new Set([id]);
  let grown = true;
  while (grown) {
    grown = false;
    for (const d of departments) {
      if (d.parentId && ids.has(d.parentId) && !ids.has(d.id)) {
        ids.add(d.id);
        grown = true;
      }
    }
  }
  return ids;
}

/** A department's line in the tree, with its children as a nested list. */
function TreeItem({
  entry,
  managers,
  mayEdit,
  onEdit,
}: {
  entry: TreeEntry<Department>;
  managers: readonly Manager[];
  mayEdit: boolean;
  onEdit: (d: Department) => void;
}) {
  const { t } = useTranslation();
  const d = entry.department;
  const manager = managers.find((m) => m.id === d.managerUserId)?.name;
  return (
    <li data-testid="department">
      <Group justify="space-between" wrap="wrap" gap="xs" py={4}>
        <div>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {d.name}
          </Text>
          <Text size="sm" c="dimmed">
            {t('departments.managerIs', { name: manager ?? (d.managerUserId ? t('departments.unknownManager') : t('departments.noManager')) })}
          </Text>
        </div>
        {mayEdit && (
          <Button size="xs" variant="light" onClick={() => onEdit(d)} aria-label={t('departments.editLabel', { name: d.name })}>
            {t('departments.edit')}
          </Button>
        )}
      </Group>
      {entry.children.length > 0 && (
        <ul style={NESTED} aria-label={t('departments.under', { name: d.name })}>
          {entry.children.map((child) => (
            <TreeItem key={child.department.id} entry={child} managers={managers} mayEdit={mayEdit} onEdit={onEdit} />
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * "Afdelingen": the employer's departments as a tree with each one's line manager; HR
 * administrators create, rename and move them and set the manager (employees who follow their
 * department get him). Case managers read it.
 */
export function DepartmentsPage() {
  const { t } = useTranslation();
  const { me, portalTitle } = usePortal();
  const mayEdit = me.roles.includes('HR_ADMIN');
  const [{ data, fetching, error }] = useQuery({
    query: EmployerDepartmentsDocument,
    context: useMemo(() => employeesContext, []),
    requestPolicy: 'cache-and-network',
  });
  const [{ data: userData }] = useQuery({ query: LineManagersDocument });
  const departments = useMemo(() => data?.departments ?? [], [data]);
  const managers = (userData?.users ?? []).filter((u) => u.roles.includes('MANAGER'));
  const tree = useMemo(() => departmentTree(departments), [departments]);
  // `null`: closed; `'new'`: a new department; else the one being changed.
  const [editing, setEditing] = useState<Department | 'new' | null>(null);

  return (
    <Page title={t('departments.title')} context={portalTitle}>
      <Anchor component={Link} to="/werkgever/medewerkers">
        ← {t('employeeAdmin.backToEmployees')}
      </Anchor>
      <Text>{t('departments.intro')}</Text>
      {!mayEdit && <Text fw={600}>{t('departments.readOnly')}</Text>}
      <SectionCard headingId="departments-heading" title={t('departments.listTitle')}>
        {mayEdit && (
          <Group>
            <Button onClick={() => setEditing('new')}>{t('departments.add')}</Button>
          </Group>
        )}
        <FormError message={errorMessage(t, error)} />
        {!data && fetching && <Loader aria-label={t('common.loading')} />}
        {data && departments.length === 0 && <Text c="dimmed">{t('departments.none')}</Text>}
        <Text role="status" size="sm">
          {data ? t('departments.count', { count: departments.length }) : ''}
        </Text>
        {tree.length > 0 && (
          <ul style={TOP} aria-labelledby="departments-heading">
            {tree.map((entry) => (
              <TreeItem key={entry.department.id} entry={entry} managers={managers} mayEdit={mayEdit} onEdit={setEditing} />
            ))}
          </ul>
        )}
      </SectionCard>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('departments.add') : editing ? t('departments.editTitle', { name: editing.name }) : ''}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {editing !== null && (
          <DepartmentForm
            key={editing === 'new' ? 'new' : editing.id}
            department={editing === 'new' ? null : editing}
            departments={departments}
            managers={managers}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Page>
  );
}

/** Creates a department (`department` null) or changes one: name, parent and line manager. */
function DepartmentForm({
  department,
  departments,
  managers,
  onDone,
}: {
  department: Department | null;
  departments: readonly Department[];
  managers: readonly Manager[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(department?.name ?? '');
  const [parentId, setParentId] = useState<string | null>(department?.parentId ?? null);
  const [managerUserId, setManagerUserId] = useState<string | null>(department?.managerUserId ?? null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [{ fetching: creating }, create] = useMutation(CreateDepartmentDocument);
  const [{ fetching: updating }, update] = useMutation(UpdateDepartmentDocument);

  const excluded = department ? selfAndBelow(departments, department.id) : new Set<string>();
  const parentOptions = flattenTree(departmentTree(departments))
    .filter(({ department: d }) => !excluded.has(d.id))
    .map(({ department: d }) => ({ value: d.id, label: departmentPath(departments, d.id) ?? d.name }));
  const managerOptions = managers.map((m) => ({ value: m.id, label: m.name }));
  // A manager who lost the role stays visible as he is, until changed.
  if (managerUserId && !managers.some((m) => m.id === managerUserId)) {
    managerOptions.push({ value: managerUserId, label: t('departments.unknownManager') });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!name.trim()) {
      setFieldErrors({ name: t('form.required') });
      return;
    }
    setFieldErrors({});
    const input = { name: name.trim(), parentId, managerUserId };
    const result = department ? await update({ id: department.id, input }, employeesContext) : await create({ input }, employeesContext);
    if (result.error) {
      const message = errorMessage(t, result.error);
      const field = errorField(result.error);
      if (result.error.graphQLErrors[0]?.extensions?.reason === 'CONFLICT') setFieldErrors({ name: t('departments.nameTaken') });
      else if (message && field && ['name', 'parentId', 'managerUserId'].includes(field)) setFieldErrors({ [field]: message });
      else setError(message);
      return;
    }
    notifications.show({ color: 'green', message: t(department ? 'departments.saved' : 'departments.created', { name: input.name }) });
    onDone();
  }

  return (
    <form onSubmit={submit} noValidate style={ERROR_COLOUR}>
      <Stack gap="sm">
        <FormError message={error} />
        <TextInput
          label={t('departments.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldErrors.name}
          required
          maxLength={100}
          autoComplete="off"
          data-autofocus
        />
        <NativeSelect
          label={t('departments.parent')}
          description={t('departments.parentHint')}
          data={[{ value: '', label: t('departments.noParent') }, ...parentOptions]}
          value={parentId ?? ''}
          onChange={(e) => setParentId(e.currentTarget.value || null)}
          error={fieldErrors.parentId}
        />
        <NativeSelect
          label={t('departments.manager')}
          description={t('departments.managerHint')}
          data={[{ value: '', label: t('departments.noManagerOption') }, ...managerOptions]}
          value={managerUserId ?? ''}
          onChange={(e) => setManagerUserId(e.currentTarget.value || null)}
          error={fieldErrors.managerUserId}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={creating || updating}>
            {department ? t('departments.save') : t('departments.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
