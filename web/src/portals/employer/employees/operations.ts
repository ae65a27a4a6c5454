import { graphql } from '../../../gql';
import type { ContractType } from '../../../gql/graphql';

// The employer's master data: employees (edited one by one), departments and the line managers
// they can be given. The CSV import goes over REST (importApi.ts).

export const EmployeeFieldsFragment = graphql(`
  fragment EmployeeFields on Employee {
    id
    name
    email
    phone
    employeeNumber
    hasLogin
    departmentId
    managerUserId
    managerFollowsDepartment
    hoursPerWeek
    employedSince
    employedUntil
    contractType
    createdAt
  }
`);

export const UpdateEmployeeDocument = graphql(`
  mutation UpdateEmployee($id: ID!, $input: UpdateEmployeeInput!) {
    updateEmployee(id: $id, input: $input) {
      ...EmployeeFields
    }
  }
`);

/** The departments of the employer (HR administrators and case managers may read them). */
export const EmployerDepartmentsDocument = graphql(`
  query EmployerDepartments {
    departments {
      id
      name
      parentId
      managerUserId
    }
  }
`);

/** The employer's users, of whom those with role MANAGER can be a line manager. */
export const LineManagersDocument = graphql(`
  query LineManagers {
    users {
      id
      name
      roles
    }
  }
`);

export const CreateDepartmentDocument = graphql(`
  mutation CreateDepartment($input: DepartmentInput!) {
    createDepartment(input: $input) {
      id
      name
      parentId
      managerUserId
    }
  }
`);

export const UpdateDepartmentDocument = graphql(`
  mutation UpdateDepartment($id: ID!, $input: DepartmentInput!) {
    updateDepartment(id: $id, input: $input) {
      id
      name
      parentId
      managerUserId
    }
  }
`);

/** urql: employee and department queries refetch after any of these change (a department's new
 * manager changes its employees' too). */
export const employeesContext = { additionalTypenames: ['Employee', 'Department'] };

export const CONTRACT_TYPES: ContractType[] = ['PERMANENT', 'FIXED_TERM', 'ON_CALL', 'AGENCY'];

export interface DepartmentNode {
  id: string;
  name: string;
  parentId?: string | null;
  managerUserId?: string | null;
}

/** A department with its depth in the tree, in tree order (children by name under their parent). */
export interface TreeEntry<D extends DepartmentNode> {
  department: D;
  depth: number;
  children: TreeEntry<D>[];
}

/**
 * The departments as a tree: roots (no parent, or a parent not in the list) and their children,
 * each level by name. A cycle in the data (which the server refuses) cannot loop here: a
 * department is placed once.
 */
export function departmentTree<D extends DepartmentNode>(departments: readonly D[]): TreeEntry<D>[] {
  const byName = (a: D, b: D) => a.name.localeCompare(b.name, 'nl');
  const ids = new Set(departments.map((d) => d.id));
  const placed = new Set<string>();
  const build = (d: D, depth: number): TreeEntry<D> => {
    placed.add(d.id);
    const children = departments
      .filter((c) => c.parentId === d.id && !placed.has(c.id))
      .sort(byName)
      .map((c) => build(c, depth + 1));
    return { department: d, depth, children };
  };
  const roots = departments.filter((d) => !d.parentId || !ids.has(d.parentId)).sort(byName);
  const tree = roots.map((d) => build(d, 0));
  // Whatever a cycle left unplaced is shown at the top level rather than lost.
  for (const d of [...departments].sort(byName)) if (!placed.has(d.id)) tree.push(build(d, 0));
  return tree;
}

/** The tree flattened in order, each with its depth (for a select that shows the nesting). */
export function flattenTree<D extends DepartmentNode>(tree: TreeEntry<D>[]): TreeEntry<D>[] {
  return tree.flatMap((entry) => [entry, ...flattenTree(entry.children)]);
}

/** A department's full path, "Productie › Bakkerij". */
export function departmentPath(departments: readonly DepartmentNode[], id: string | null | undefined): string | null {
  if (!id) return null;
  const names: string[] = [];
  const seen = new Set<string>();
  let at = departments.find((d) => d.id === id);
  while (at && !seen.has(at.id)) {
    seen.add(at.id);
    names.unshift(at.name);
    const parentId = at.parentId;
    at = parentId ? departments.find((d) => d.id === parentId) : undefined;
  }
  return names.length > 0 ? names.join(' › ') : null;
}
