import { Anchor, Button, Code, CopyButton, FileInput, Group, List, Stack, Table, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormError } from '../../../components/FormError';
import { ERROR_COLOUR } from '../../../components/errorColour';
import { Page } from '../../../components/Page';
import { ScrollTable } from '../../../components/ScrollTable';
import { SectionCard } from '../../../components/SectionCard';
import { RestError, errorMessage } from '../../../errors';
import i18n from '../../../i18n';
import { usePortal } from '../../PortalShell';
import { MAX_IMPORT_BYTES, importEmployees, type ImportLineError, type ImportReport } from './importApi';

/** The columns in the server's order (identity::import::Column::ALL): Dutch, English, required. */
const COLUMNS = [
  { nl: 'personeelsnummer', en: 'employeeNumber', key: 'employeeNumber', required: true },
  { nl: 'naam', en: 'name', key: 'name', required: true },
  { nl: 'e-mail', en: 'email', key: 'email', required: false },
  { nl: 'afdeling', en: 'department', key: 'department', required: false },
  { nl: 'uren per week', en: 'hoursPerWeek', key: 'hoursPerWeek', required: false },
  { nl: 'in dienst', en: 'employedSince', key: 'employedSince', required: false },
  { nl: 'uit dienst', en: 'employedUntil', key: 'employedUntil', required: false },
  { nl: 'contract', en: 'contractType', key: 'contractType', required: false },
] as const;

const EXAMPLE_NL = [
  'personeelsnummer;naam;e-mail;afdeling;uren per week;in dienst;uit dienst;contract',
  '1001;Anna Jansen;anna.jansen@voorbeeld.nl;Bakkerij;32,5;01-03-2026;;vast',
  '1002;Bram de Wit;;Winkel;24;2025-09-01;2026-08-31;tijdelijk',
  '1003;Chantal Peters;chantal.peters@voorbeeld.nl;Winkel;;;;oproep',
].join('\n');

const EXAMPLE_EN = [
  'employeeNumber,name,email,department,hoursPerWeek,employedSince,employedUntil,contractType',
  '1001,Anna Jansen,anna.jansen@example.com,Bakery,32.5,2026-03-01,,PERMANENT',
  '1002,Bram de Wit,,Shop,24,2025-09-01,2026-08-31,FIXED_TERM',
  '1003,Chantal Peters,chantal.peters@example.com,Shop,,,,ON_CALL',
].join('\n');

/** Problems shown in the table; a file with more gets a note (fix these first, check again). */
const SHOWN_PROBLEMS = 500;

/** A problem in the user's language by its reason code; the server's English for an unknown one. */
export function problemText(t: TFunction, problem: ImportLineError): string {
  // REQUIRED also stands for a field holding only characters that are not allowed.
  if (problem.reason === 'REQUIRED' && /control character/i.test(problem.message)) return t('employeeImport.problem.CONTROL_CHARACTERS');
  if (problem.reason === 'BAD_HEADER' && !problem.column) return t('employeeImport.problem.MISSING_COLUMN');
  const key = `employeeImport.problem.${problem.reason}`;
  return i18n.exists(key) ? t(key) : problem.message;
}

/** The text of a refused request: the import's own words for size and encoding. */
function requestError(t: TFunction, error: unknown): string | null {
  if (error instanceof RestError) {
    if (error.status === 413 || error.reason === 'TOO_LARGE' || error.code === 'TOO_LARGE') return t('employeeImport.tooLarge');
    if (error.status === 415 || error.reason === 'UNSUPPORTED_TYPE') return t('employeeImport.notUtf8');
    return errorMessage(t, error);
  }
  return errorMessage(t, error instanceof Error ? error : new Error(String(error)));
}

function summary(t: TFunction, report: ImportReport): string {
  return [
    t('employeeImport.created', { count: report.created }),
    t('employeeImport.updated', { count: report.updated }),
    t('employeeImport.departmentsCreated', { count: report.departmentsCreated }),
  ].join(', ');
}

function Example({ title, text, headingId }: { title: string; text: string; headingId: string }) {
  const { t } = useTranslation();
  return (
    <SectionCard headingId={headingId} title={title} level={4}>
      <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="import-example">
        {text}
      </Code>
      <Group>
        <CopyButton value={`${text}\n`} timeout={2000}>
          {({ copied, copy }) => (
            <Button variant="light" onClick={copy} aria-describedby={headingId}>
              {copied ? t('employeeImport.copied') : t('employeeImport.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </SectionCard>
  );
}

function ProblemsTable({ problems }: { problems: ImportLineError[] }) {
  const { t } = useTranslation();
  const shown = problems.slice(0, SHOWN_PROBLEMS);
  return (
    <Stack gap="xs">
      <ScrollTable caption={t('employeeImport.problemsCaption')} minWidth={520}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('employeeImport.line')}</Table.Th>
            <Table.Th scope="col">{t('employeeImport.column')}</Table.Th>
            <Table.Th scope="col">{t('employeeImport.problemHeader')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((problem, i) => (
            <Table.Tr key={`${problem.line}-${problem.column ?? ''}-${i}`} data-testid="import-problem">
              <Table.Th scope="row" fw={500}>
                {problem.line}
              </Table.Th>
              <Table.Td>{problem.column || '–'}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{problemText(t, problem)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ScrollTable>
      {problems.length > shown.length && <Text size="sm">{t('employeeImport.moreProblems', { count: problems.length - shown.length })}</Text>}
    </Stack>
  );
}

type Phase = 'idle' | 'checking' | 'importing';

/**
 * "Medewerkers importeren" (HR): explains the two sets of column names with an example of each,
 * checks a CSV file with a dry run (what would be new or changed, or every problem per line),
 * and only after a clean dry run imports those very bytes. Choosing another file needs a new
 * dry run.
 */
export function ImportEmployeesPage() {
  const { t } = useTranslation();
  const { portalTitle } = usePortal();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  /** The dry run of the chosen file, with the bytes it checked. */
  const [checked, setChecked] = useState<{ report: ImportReport; bytes: ArrayBuffer } | null>(null);
  /** The real import's answer. */
  const [imported, setImported] = useState<ImportReport | null>(null);

  function choose(next: File | null) {
    setFile(next);
    setChecked(null);
    setImported(null);
    setError(null);
    setFileError(null);
  }

  async function check() {
    setError(null);
    setFileError(null);
    setChecked(null);
    setImported(null);
    if (!file) {
      setFileError(t('employeeImport.chooseFirst'));
      return;
    }
    if (file.size > MAX_IMPORT_BYTES) {
      setFileError(t('employeeImport.tooLarge'));
      return;
    }
    setPhase('checking');
    try {
      // The bytes checked are the bytes imported, even if the file changes on disk meanwhile.
      const bytes = await file.arrayBuffer();
      const report = await importEmployees(bytes, true);
      setChecked({ report, bytes });
    } catch (e) {
      setError(e instanceof DOMException ? t('employeeImport.unreadable') : requestError(t, e));
    } finally {
      setPhase('idle');
    }
  }

  async function runImport() {
    if (!checked) return;
    setError(null);
    setPhase('importing');
    try {
      const report = await importEmployees(checked.bytes, false);
      if (report.errors.length > 0) {
        // Something changed since the dry run (another import, an e-mail address taken).
        setChecked({ report: { ...report, dryRun: true }, bytes: checked.bytes });
      } else {
        setImported(report);
        setChecked(null);
      }
    } catch (e) {
      setError(requestError(t, e));
    } finally {
      setPhase('idle');
    }
  }

  const report = imported ?? checked?.report ?? null;
  const problems = report?.errors ?? [];
  const clean = checked !== null && checked.report.errors.length === 0;
  const changes = checked ? checked.report.created + checked.report.updated + checked.report.departmentsCreated : 0;

  let statusText = '';
  if (phase === 'checking') statusText = t('employeeImport.checking');
  else if (phase === 'importing') statusText = t('employeeImport.importing');
  else if (imported) statusText = t('employeeImport.done', { summary: summary(t, imported) });
  else if (checked && problems.length > 0) statusText = t('employeeImport.problems', { count: problems.length });
  else if (checked && changes === 0) statusText = t('employeeImport.nothingToDo', { summary: summary(t, checked.report) });
  else if (checked) statusText = t('employeeImport.checked', { summary: summary(t, checked.report) });

  return (
    <Page title={t('employeeImport.title')} context={portalTitle}>
      <Anchor component={Link} to="/werkgever/medewerkers">
        ← {t('employeeAdmin.backToEmployees')}
      </Anchor>
      <Text>{t('employeeImport.intro')}</Text>

      <SectionCard headingId={`${id}-columns`} title={t('employeeImport.columnsTitle')}>
        <Text size="sm">{t('employeeImport.columnsIntro')}</Text>
        <ScrollTable caption={t('employeeImport.columnsCaption')} minWidth={640}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('employeeImport.dutchHeader')}</Table.Th>
              <Table.Th scope="col">{t('employeeImport.englishHeader')}</Table.Th>
              <Table.Th scope="col">{t('employeeImport.content')}</Table.Th>
              <Table.Th scope="col">{t('employeeImport.required')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {COLUMNS.map((c) => (
              <Table.Tr key={c.en}>
                <Table.Th scope="row" fw={500}>
                  <Code>{c.nl}</Code>
                </Table.Th>
                <Table.Td>
                  <Code>{c.en}</Code>
                </Table.Td>
                <Table.Td>{t(`employeeImport.columnHelp.${c.key}`)}</Table.Td>
                <Table.Td>{c.required ? t('common.yes') : t('common.no')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
        <List spacing={4} size="sm">
          <List.Item>{t('employeeImport.ruleMatch')}</List.Item>
          <List.Item>{t('employeeImport.ruleEmpty')}</List.Item>
          <List.Item>{t('employeeImport.ruleSeparator')}</List.Item>
          <List.Item>{t('employeeImport.ruleEncoding')}</List.Item>
          <List.Item>{t('employeeImport.ruleSize')}</List.Item>
        </List>
        <Example headingId={`${id}-example-nl`} title={t('employeeImport.exampleDutch')} text={EXAMPLE_NL} />
        <Example headingId={`${id}-example-en`} title={t('employeeImport.exampleEnglish')} text={EXAMPLE_EN} />
      </SectionCard>

      <SectionCard headingId={`${id}-file`} title={t('employeeImport.fileTitle')}>
        <Text size="sm">{t('employeeImport.fileIntro')}</Text>
        <FileInput
          style={ERROR_COLOUR}
          label={t('employeeImport.file')}
          placeholder={t('employeeImport.filePlaceholder')}
          accept=".csv,text/csv"
          value={file}
          onChange={choose}
          clearable
          clearButtonProps={{ 'aria-label': t('employeeImport.clearFile') }}
          error={fileError}
          disabled={phase !== 'idle'}
          maw={520}
          // Mantine's placeholder grey is too light for WCAG AA.
          styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
        />
        <Group>
          <Button onClick={() => void check()} loading={phase === 'checking'} disabled={phase === 'importing'}>
            {t('employeeImport.check')}
          </Button>
        </Group>
        <FormError message={error} />
        <Text role="status" fw={600} data-testid="import-status">
          {statusText}
        </Text>
        {problems.length > 0 && !imported && (
          <>
            <Text size="sm">{t('employeeImport.problemsHint')}</Text>
            <ProblemsTable problems={problems} />
          </>
        )}
        {clean && changes > 0 && (
          <Stack gap="xs" align="flex-start">
            <Text size="sm" id={`${id}-confirm-hint`}>
              {t('employeeImport.confirmHint')}
            </Text>
            <Button onClick={() => void runImport()} loading={phase === 'importing'} aria-describedby={`${id}-confirm-hint`}>
              {t('employeeImport.confirm')}
            </Button>
          </Stack>
        )}
        {imported && (
          <Anchor component={Link} to="/werkgever/medewerkers">
            {t('employeeImport.toEmployees')}
          </Anchor>
        )}
      </SectionCard>
    </Page>
  );
}
