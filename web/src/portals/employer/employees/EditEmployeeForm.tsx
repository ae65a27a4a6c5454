import { Button, Group, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import type { ContractType, EmployeeFieldsFragment, UpdateEmployeeInput } from '../../../gql/graphql';
import { FormError } from '../../../components/FormError';
import { ERROR_COLOUR } from '../../../components/errorColour';
import { errorField, errorMessage } from '../../../errors';
import { CONTRACT_TYPES, UpdateEmployeeDocument, departmentPath, departmentTree, employeesContext, flattenTree, type DepartmentNode } from './operations';

/** The manager choice "follow the department's line manager" (and change with it). */
const FOLLOW = 'follow';
/** "No line manager". */
const NONE = 'none';

/** The manager choice that shows an employee's current state: following, a named one or none. */
function managerChoice(employee: EmployeeFieldsFragment): string {
  if (employee.managerFollowsDepartment) return FOLLOW;
  return employee.managerUserId ?? NONE;
}

const FIELDS = [
  'name',
  'email',
  'phone',
  'employeeNumber',
  'departmentId',
  'managerUserId',
  'hoursPerWeek',
  'employedSince',
  'employedUntil',
  'contractType',
] as const;

/** The Dutch decimal comma in and out ("32,5"), whichever the user types. */
function parseHours(value: number | string): number | null | 'invalid' {
  if (value === '' || value === null) return null;
  const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
  if (!Number.isFinite(n) || n <= 0 || n > 80) return 'invalid';
  return n;
}

/**
 * Changes one employee's master data (HR administrators and case managers): name, contact,
 * personnel number, department and line manager, hours and employment. The form starts at the
 * stored values, the line manager included (following the department, a named one or none);
 * only what changed is sent, and an emptied field is cleared.
 */
export function EditEmployeeForm({
  employee,
  departments,
  managers,
  users = [],
  onDone,
}: {
  employee: EmployeeFieldsFragment;
  departments: readonly DepartmentNode[];
  /** The users with role MANAGER: who can be named. */
  managers: readonly { id: string; name: string }[];
  /** All users of the employer: the name of a manager who has since lost the role. */
  users?: readonly { id: string; name: string }[];
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState(employee.name);
  const [email, setEmail] = useState(employee.email ?? '');
  const [phone, setPhone] = useState(employee.phone ?? '');
  const [employeeNumber, setEmployeeNumber] = useState(employee.employeeNumber ?? '');
  const [departmentId, setDepartmentId] = useState<string | null>(employee.departmentId ?? null);
  const initialManager = managerChoice(employee);
  const [manager, setManager] = useState<string>(initialManager);
  // Whether the user chose a manager himself (else a department change may move the choice).
  const [managerChosen, setManagerChosen] = useState(false);
  const [hours, setHours] = useState<number | string>(employee.hoursPerWeek ?? '');
  const [employedSince, setEmployedSince] = useState(employee.employedSince ?? '');
  const [employedUntil, setEmployedUntil] = useState(employee.employedUntil ?? '');
  const [contractType, setContractType] = useState<ContractType | null>(employee.contractType ?? null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [{ fetching }, update] = useMutation(UpdateEmployeeDocument);

  const departmentOptions = useMemo(
    () => flattenTree(departmentTree(departments)).map(({ department }) => ({ value: department.id, label: departmentPath(departments, department.id) ?? department.name })),
    [departments],
  );
  // The manager "follow the department" gives: that of the department chosen in the form (the
  // stored one while the departments load).
  const department = departments.find((d) => d.id === departmentId);
  const followedId = department
    ? (department.managerUserId ?? null)
    : departmentId === (employee.departmentId ?? null) && employee.managerFollowsDepartment
      ? (employee.managerUserId ?? null)
      : null;
  const managerName = (id: string) => managers.find((m) => m.id === id)?.name;
  const formerName = (id: string) => {
    const name = users.find((u) => u.id === id)?.name;
    return name ? t('employeeAdmin.managerFormer', { name }) : t('employeeAdmin.managerUnknown');
  };
  const managerOptions = [
    {
      value: FOLLOW,
      label: t('employeeAdmin.managerFollow', { name: followedId ? (managerName(followedId) ?? formerName(followedId)) : t('employeeAdmin.managerFollowNone') }),
    },
    { value: NONE, label: t('employeeAdmin.managerNone') },
    ...managers.map((m) => ({ value: m.id, label: m.name })),
  ];
  // A named manager who has lost the role stays visible (and can be chosen back) as he is.
  if (initialManager !== FOLLOW && initialManager !== NONE && !managers.some((m) => m.id === initialManager)) {
    managerOptions.push({ value: initialManager, label: formerName(initialManager) });
  }

  function changeDepartment(id: string | null) {
    setDepartmentId(id);
    // Someone without a line manager who is put in a department follows it (the server's rule):
    // show that, unless the user chose a manager himself.
    if (!managerChosen && initialManager === NONE) setManager(id !== (employee.departmentId ?? null) ? FOLLOW : NONE);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = t('form.required');
    if (email.trim() && !/^\S+@\S+\.\S+$/.test(email.trim())) errors.email = t('errors.INVALID_EMAIL');
    const parsedHours = parseHours(hours);
    if (parsedHours === 'invalid') errors.hoursPerWeek = t('employeeAdmin.hoursInvalid');
    if (employedSince && employedUntil && employedUntil < employedSince) errors.employedUntil = t('employeeAdmin.untilBeforeSince');
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;

    // Only what changed: a field left out stays as it is on the server.
    const input: UpdateEmployeeInput = {};
    const text = (v: string) => v.trim() || null;
    if (name.trim() !== employee.name) input.name = name.trim();
    if (text(email) !== (employee.email ?? null)) input.email = text(email);
    if (text(phone) !== (employee.phone ?? null)) input.phone = text(phone);
    if (text(employeeNumber) !== (employee.employeeNumber ?? null)) input.employeeNumber = text(employeeNumber);
    if (departmentId !== (employee.departmentId ?? null)) input.departmentId = departmentId;
    if (manager !== initialManager) {
      if (manager === FOLLOW) input.managerFollowsDepartment = true;
      else if (manager === NONE) input.managerUserId = null;
      else input.managerUserId = manager;
    }
    const newHours = parsedHours === 'invalid' ? null : parsedHours;
    if (newHours !== (employee.hoursPerWeek ?? null)) input.hoursPerWeek = newHours;
    if ((employedSince || null) !== (employee.employedSince ?? null)) input.employedSince = employedSince || null;
    if ((employedUntil || null) !== (employee.employedUntil ?? null)) input.employedUntil = employedUntil || null;
    if (contractType !== (employee.contractType ?? null)) input.contractType = contractType;
    if (Object.keys(input).length === 0) {
      onDone();
      return;
    }

    const result = await update({ id: employee.id, input }, employeesContext);
    if (result.error || !result.data) {
      const message = errorMessage(t, result.error);
      const field = errorField(result.error);
      if (message && field && (FIELDS as readonly string[]).includes(field)) setFieldErrors({ [field]: message });
      else setError(message);
      return;
    }
    notifications.show({ color: 'green', message: t('employeeAdmin.saved', { name: result.data.updateEmployee.name }) });
    onDone();
  }

  return (
    <form onSubmit={submit} noValidate style={ERROR_COLOUR}>
      <Stack gap="sm">
        <FormError message={error} />
        <TextInput label={t('common.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldErrors.name} required autoComplete="off" data-autofocus />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('employees.number')} value={employeeNumber} onChange={(e) => setEmployeeNumber(e.currentTarget.value)} error={fieldErrors.employeeNumber} autoComplete="off" />
          <TextInput label={t('employees.phone')} type="tel" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} error={fieldErrors.phone} autoComplete="off" />
        </SimpleGrid>
        <TextInput
          label={t('common.email')}
          description={employee.hasLogin ? t('employeeAdmin.emailHasLogin') : undefined}
          type="email"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={fieldErrors.email}
          autoComplete="off"
        />
        <NativeSelect
          label={t('employeeAdmin.department')}
          data={[{ value: '', label: t('employeeAdmin.noDepartment') }, ...departmentOptions]}
          value={departmentId ?? ''}
          onChange={(e) => changeDepartment(e.currentTarget.value || null)}
          error={fieldErrors.departmentId}
        />
        <NativeSelect
          label={t('employeeAdmin.manager')}
          description={t('employeeAdmin.managerFollowHint')}
          data={managerOptions}
          value={manager}
          onChange={(e) => {
            setManager(e.currentTarget.value);
            setManagerChosen(true);
          }}
          error={fieldErrors.managerUserId}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NumberInput
            label={t('employeeAdmin.hours')}
            description={t('employeeAdmin.hoursHint')}
            value={hours}
            onChange={setHours}
            min={0}
            max={80}
            // Say what is wrong rather than silently changing 90 into 80.
            clampBehavior="none"
            decimalScale={2}
            decimalSeparator={i18n.language === 'en' ? '.' : ','}
            hideControls
            error={fieldErrors.hoursPerWeek}
          />
          <NativeSelect
            label={t('employeeAdmin.contract')}
            data={[{ value: '', label: t('employeeAdmin.contractUnknown') }, ...CONTRACT_TYPES.map((c) => ({ value: c, label: t(`contractType.${c}`) }))]}
            value={contractType ?? ''}
            onChange={(e) => setContractType((e.currentTarget.value as ContractType) || null)}
            error={fieldErrors.contractType}
          />
          <TextInput type="date" label={t('employeeAdmin.employedSince')} value={employedSince} onChange={(e) => setEmployedSince(e.currentTarget.value)} error={fieldErrors.employedSince} />
          <TextInput type="date" label={t('employeeAdmin.employedUntil')} value={employedUntil} onChange={(e) => setEmployedUntil(e.currentTarget.value)} error={fieldErrors.employedUntil} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={fetching}>
            {t('employeeAdmin.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
