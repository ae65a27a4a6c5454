import { graphql } from '../gql';

// Track 2 as the employer and the employee read it (the agency portal has its own operations).

export const CaseTrack2Document = graphql(`
  query CaseTrack2($id: ID!) {
    case(id: $id) {
      id
      track2 {
        ...Track2Overview
      }
    }
  }

  fragment Track2Overview on Track2 {
    id
    agency {
      id
      name
    }
    consultant {
      id
      name
    }
    startedOn
    endedOn
    contactsPerMonth
    applicationsPerMonth
    profile {
      skills
      education
      experience
      wishes
      searchProfile
    }
    occupations {
      id
      title
      reason
    }
    activities {
      id
      kind
      title
      organisation
      startsOn
      endsOn
      hoursPerWeek
      outcome
    }
    contacts {
      id
      occurredOn
      kind
      summary
    }
    applications {
      id
      kind
      company
      position
      appliedOn
      channel
      status
      outcome
    }
    reports {
      id
      kind
      status
      periodFrom
      periodTo
      activities
      assessment
      attitude
      submittedOn
    }
    effort {
      belowAgreementSince
      months {
        from
        to
        contacts
        applications
        complete
        belowAgreement
      }
    }
  }
`);

/**
 * urql: the track 2 query comes back without any Track2 in it while there is none, so it
 * names the typenames whose mutations may create or change it (assignAgency returns a Track2;
 * the agency's writes return its parts).
 */
export const track2Context = {
  additionalTypenames: ['Case', 'Track2', 'Track2Report', 'Track2Application', 'Track2Activity', 'Track2Contact', 'PromisingOccupation'],
};
