import { graphql } from '../gql';

/** The five national figures of a group, with its average headcount. */
export const AbsenceFiguresFields = graphql(`
  fragment AbsenceFiguresFields on AbsenceFigures {
    available
    absencePercentage
    reportFrequency
    averageDurationDays
    zeroAbsencePercentage
    longTermPercentage
    headcount
  }
`);

/** The figures per month, quarter or year, each with the period before it (the trend). */
export const AbsenceFigureSeriesDocument = graphql(`
  query AbsenceFigureSeries($from: Date!, $to: Date!, $period: FiguresPeriod!, $departmentId: ID) {
    absenceFigureSeries(from: $from, to: $to, period: $period, departmentId: $departmentId) {
      from
      to
      figures {
        ...AbsenceFiguresFields
      }
      previous {
        ...AbsenceFiguresFields
      }
    }
  }
`);

/** The figures of every department in reach (a line manager: his own). */
export const AbsenceFiguresByDepartmentDocument = graphql(`
  query AbsenceFiguresByDepartment($from: Date!, $to: Date!) {
    absenceFiguresByDepartment(from: $from, to: $to) {
      department {
        id
        name
        parentId
        managerUserId
      }
      figures {
        ...AbsenceFiguresFields
      }
    }
  }
`);

/** The employer's departments, for the choice of group (HR and case managers). */
export const FigureDepartmentsDocument = graphql(`
  query FigureDepartments {
    departments {
      id
      name
      parentId
      managerUserId
    }
  }
`);
