/** An organisation the employee can share a part of his medical file with. */
export interface SharingParty {
  /** The organisation's id (what `grantConsent` takes). */
  id: string;
  name: string;
}

interface WithParties {
  parties: { id: string; name: string }[];
  consents: { party: { id: string; name: string } }[];
}

/**
 * The organisations the employee can give consent to, for the case: the providers working on
 * it (`Case.parties`: the health service of his doctor, the re-integration agency) and any
 * named in his earlier consents. The employer is never one of them.
 */
export function sharingParties(c: WithParties): SharingParty[] {
  const seen = new Map<string, SharingParty>();
  for (const party of c.parties) {
    if (!seen.has(party.id)) seen.set(party.id, { id: party.id, name: party.name });
  }
  for (const consent of c.consents) {
    if (!seen.has(consent.party.id)) seen.set(consent.party.id, { id: consent.party.id, name: consent.party.name });
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}
