import { graphql } from '../gql';

// Single sign-on through the organisation's own identity provider (OpenID Connect).

/** How an address signs in; decided by its domain alone (public). */
export const SignInOptionsDocument = graphql(`
  query SignInOptions($email: String!) {
    signInOptions(email: $email) {
      sso
      ssoOnly
      startUrl
    }
  }
`);

/** Exchanges the ticket of `/login/sso#ticket=…` for a session (or the second-factor question). */
export const CompleteSsoLoginDocument = graphql(`
  mutation CompleteSsoLogin($ticket: String!, $totp: String) {
    completeSsoLogin(ticket: $ticket, totp: $totp) {
      ...AuthPayloadFields
      passkeyChallenge {
        id
        options
      }
    }
  }
`);

/** The organisation's settings as its administrators read them (never the client secret). */
export const SingleSignOnFieldsFragment = graphql(`
  fragment SingleSignOnFields on SingleSignOn {
    issuer
    clientId
    hasClientSecret
    domains
    ssoOnly
    enabled
    redirectUri
    updatedAt
  }
`);

export const SingleSignOnDocument = graphql(`
  query SingleSignOn {
    singleSignOnRedirectUri
    singleSignOn {
      ...SingleSignOnFields
    }
  }
`);

export const ConfigureSingleSignOnDocument = graphql(`
  mutation ConfigureSingleSignOn($input: SingleSignOnInput!) {
    configureSingleSignOn(input: $input) {
      ...SingleSignOnFields
    }
  }
`);

export const RemoveSingleSignOnDocument = graphql(`
  mutation RemoveSingleSignOn {
    removeSingleSignOn
  }
`);

export const TestSingleSignOnDocument = graphql(`
  mutation TestSingleSignOn {
    testSingleSignOn {
      ok
      message
    }
  }
`);
