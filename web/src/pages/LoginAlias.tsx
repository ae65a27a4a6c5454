import { Navigate, useLocation } from 'react-router';

/** `/login` (where the server's single sign-on sends a refused sign-in) is `/inloggen`, with its query and fragment. */
export function LoginAlias() {
  const { search, hash } = useLocation();
  return <Navigate to={{ pathname: '/inloggen', search, hash }} replace />;
}
