import { graphql } from '../gql';

// Operations shared by several screens; screen-specific ones live next to their screen.

export const MeDocument = graphql(`
  query Me {
    me {
      id
      email
      name
      roles
      language
      totpEnabled
      mfaVerified
      passkeyCount
      # For an employee: whether his medical file is open to this account (decision 76).
      medicalAccess {
        status
      }
      organisation {
        id
        name
        kind
      }
    }
  }
`);

/**
 * The tokens and second-factor flags of every AuthPayload (login, completeSsoLogin,
 * loginWithPasskey, refresh, acceptInvitation); the first steps also ask for the passkey
 * challenge.
 */
export const AuthPayloadFieldsFragment = graphql(`
  fragment AuthPayloadFields on AuthPayload {
    accessToken
    refreshToken
    expiresIn
    mfaRequired
    mfaEnrollmentRequired
  }
`);

export const LoginDocument = graphql(`
  mutation Login($email: String!, $password: String!, $totp: String) {
    login(email: $email, password: $password, totp: $totp) {
      ...AuthPayloadFields
      passkeyChallenge {
        id
        options
      }
    }
  }
`);

export const LoginWithPasskeyDocument = graphql(`
  mutation LoginWithPasskey($challengeId: String!, $credential: String!) {
    loginWithPasskey(challengeId: $challengeId, credential: $credential) {
      ...AuthPayloadFields
    }
  }
`);

export const LogoutDocument = graphql(`
  mutation Logout {
    logout
  }
`);

export const SetLanguageDocument = graphql(`
  mutation SetLanguage($language: Language!) {
    setLanguage(language: $language) {
      id
      language
    }
  }
`);

export const EnrollTotpDocument = graphql(`
  mutation EnrollTotp {
    enrollTotp {
      secret
      otpauthUrl
    }
  }
`);

export const ConfirmTotpDocument = graphql(`
  mutation ConfirmTotp($code: String!) {
    confirmTotp(code: $code)
  }
`);
