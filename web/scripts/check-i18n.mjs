// Checks the translations: nl.json and en.json have the same keys, every literal key used
// in src exists, and every enum value / error code the UI translates has a text.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// `<lang>.json` plus every `<area>.<lang>.json`, as src/i18n/index.ts assembles them; a key
// defined in two files is a mistake (the later file would silently win).
const load = (lang) => {
  const dir = join(root, 'src/i18n');
  const merged = {};
  for (const name of readdirSync(dir).filter((n) => n === `${lang}.json` || n.endsWith(`.${lang}.json`)).sort()) {
    const part = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    for (const key of Object.keys(part)) {
      if (key in merged) problems.push(`${name} defines "${key}" again`);
      merged[key] = part[key];
    }
  }
  return merged;
};

function flatten(object, prefix = '', out = new Map()) {
  for (const [key, value] of Object.entries(object)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') flatten(value, path, out);
    else out.set(path, value);
  }
  return out;
}

const problems = [];
const nl = flatten(load('nl'));
const en = flatten(load('en'));
for (const key of nl.keys()) if (!en.has(key)) problems.push(`en.json lacks ${key}`);
for (const key of en.keys()) if (!nl.has(key)) problems.push(`nl.json lacks ${key}`);
for (const [key, value] of [...nl, ...en]) if (typeof value !== 'string' || value.trim() === '') problems.push(`empty text for ${key}`);

const has = (key) => nl.has(key) || nl.has(`${key}_one`) || nl.has(`${key}_other`);

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'gql') return [];
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}
const used = new Set();
for (const file of files(join(root, 'src'))) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z][\w-]*\.[\w.-]+)'/g)) used.add(match[1]);
  for (const match of text.matchAll(/\b(?:labelKey|i18nKey):\s*'([\w.-]+)'/g)) used.add(match[1]);
  for (const match of text.matchAll(/\?\s*'([a-zA-Z]+\.[\w.]+)'\s*:\s*'([a-zA-Z]+\.[\w.]+)'/g)) used.add(match[1]).add(match[2]);
}
for (const key of used) if (!has(key)) problems.push(`missing key ${key}`);

// Keys built at run time from schema enums and the error contract.
// Descriptions ("..." and """...""") are dropped first: the server's SDL documents enum values.
const schema = readFileSync(join(root, 'schema.graphql'), 'utf8')
  .replace(/"""[\s\S]*?"""/g, '')
  .replace(/"[^"\n]*"/g, '');
const enumValues = (name) => (schema.match(new RegExp(`enum ${name} \\{([^}]*)\\}`))?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
for (const role of enumValues('Role')) if (!has(`roles.${role}`)) problems.push(`missing key roles.${role}`);
for (const kind of enumValues('OrganisationKind')) if (!has(`kinds.${kind}`)) problems.push(`missing key kinds.${kind}`);
for (const [enumName, prefix] of [
  ['DeadlineKind', 'deadline'], ['DeadlineStatus', 'deadlineStatus'], ['RiskSignalKind', 'risk'],
  ['RiskSignalKind', 'risk.short'], ['EvaluationKind', 'evaluationKind'], ['ExpertOpinionQuestion', 'question'],
  ['ExpertOpinionStatus', 'opinionStatus'], ['Party', 'party'], ['ActivityKind', 'activityKind'],
  ['ActivityOwner', 'owner'], ['PlanStatus', 'planStatus'], ['Track', 'track'], ['CaseStatus', 'caseStatus'], ['CloseReason', 'closeReason'], ['LimitationCategory', 'limitationCategory'],
  ['DocumentType', 'documentType'], ['Classification', 'classification'], ['RivPart', 'rivPart'], ['RivPartState', 'rivPartState'],
  ['ReminderRecipient', 'reminderRecipient'], ['SanctionKind', 'sanctionKind'], ['SafetyNet', 'safetyNetKind'], ['RivScope', 'rivScope'],
  ['ContractType', 'contractType'],
]) {
  const values = enumValues(enumName);
  if (values.length === 0) problems.push(`enum ${enumName} not found in schema.graphql`);
  for (const value of values) if (!has(`${prefix}.${value}`)) problems.push(`missing key ${prefix}.${value}`);
}
// Error texts: every code and reason the server can send (enum ErrorReason, generated from
// platform::ErrorReason), plus the keys only the web app itself produces.
const serverErrorKeys = enumValues('ErrorReason');
if (serverErrorKeys.length === 0) problems.push('enum ErrorReason not found in schema.graphql');
// GENERIC: an error without a known code or reason; NETWORK: the server was not reached.
const clientErrorKeys = ['GENERIC', 'NETWORK'];
const errorKeys = [...serverErrorKeys, ...clientErrorKeys];
for (const key of errorKeys) if (!has(`errors.${key}`)) problems.push(`missing key errors.${key}`);
// Tasks and reminders name their kind as a string: a DeadlineKind (checked above) or one of these.
for (const kind of ['EXPERT_OPINION_ANSWER', 'SICK_REPORT_CONFIRMATION'])
  if (!has(`deadline.${kind}`)) problems.push(`missing key deadline.${kind}`);
for (const portal of ['werkgever', 'werknemer', 'bedrijfsarts', 're-integratie', 'beheer'])
  if (!has(`portal.${portal}`)) problems.push(`missing key portal.${portal}`);

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`i18n ok: ${nl.size} keys in nl and en, ${used.size} literal keys used`);
