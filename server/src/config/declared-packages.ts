/**
 * The Python distributions a pyproject.toml declares: the project's dependencies, its optional
 * dependencies and dependency groups (PEP 621, PEP 735), and Poetry's, uv's and PDM's development
 * dependencies. A pytest plugin declared there is taken as installed where the tests run, so its
 * fixtures (`httpx_mock`, pytest-django's `client`) resolve even when the environment the suite runs
 * in is not under the workspace (CI, a clone without its virtual environment). Pure: parsed TOML
 * and its text in, names with their lines out; anything malformed is left out, never an exception.
 */

/** One declared requirement: its name as an import name would be spelled, and where it is written. */
export interface DeclaredPackage {
  /** The distribution name, lower-cased with runs of `-`, `_` and `.` as one `_` (`pytest-django` → `pytest_django`). */
  readonly name: string;
  /** The requirement as written (`pytest-django~=4.12.0`, or a Poetry table key). */
  readonly requirement: string;
  /** Root-relative POSIX path of the file that declares it (`pyproject.toml`, `requirements/test.txt`). */
  readonly path: string;
  /** 1-based line in that file; 1 when the text cannot be found. */
  readonly line: number;
}

/**
 * Requirement files a project keeps at its root (`requirements.txt`, `test-requirements.txt`,
 * `requirements-dev.txt`, `requirements_test.txt`) or in a root `requirements/` folder: the names
 * this matches, and the folder.
 */
export const REQUIREMENTS_FILE = /^(?:[\w.-]*[-_.])?requirements(?:[-_.][\w.-]*)?\.txt$/i;
export const REQUIREMENTS_FOLDER = 'requirements';

/**
 * The requirements of a pip requirements file (`pytest-django>=4.5 ; python_version >= "3.8"  # tests`):
 * one per line, with comments, options (`-r other.txt`, `--hash=…`), URLs and paths left out.
 */
export function readRequirementsFile(text: string, path: string): DeclaredPackage[] {
  const found: DeclaredPackage[] = [];
  const seen = new Set<string>();
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('-') || /^[\w+.-]+:\/\//.test(line) || /^[./~]/.test(line)) return;
    const name = REQUIREMENT_NAME.exec(line)?.[1];
    if (!name) return;
    const normalized = normalizeDistributionName(name);
    if (seen.has(normalized)) return;
    seen.add(normalized);
    found.push({ name: normalized, requirement: line, path, line: index + 1 });
  });
  return found;
}

/** A PEP 508 requirement starts with the distribution name. */
const REQUIREMENT_NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

export function normalizeDistributionName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '_');
}

export function readDeclaredPackages(document: Record<string, unknown>, text: string): DeclaredPackage[] {
  const lines = text.split(/\r\n|\r|\n/);
  const found: DeclaredPackage[] = [];
  const seen = new Set<string>();
  const add = (requirement: string, spelledAs: string): void => {
    const name = REQUIREMENT_NAME.exec(requirement)?.[1];
    if (!name) return;
    const normalized = normalizeDistributionName(name);
    if (seen.has(normalized)) return;
    seen.add(normalized);
    found.push({ name: normalized, requirement, path: 'pyproject.toml', line: lineOf(lines, spelledAs) });
  };
  // Requirement strings: `"pytest-django~=4.12.0"`.
  const fromList = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    for (const item of value) if (typeof item === 'string') add(item, item);
  };
  const fromListTable = (value: unknown): void => {
    if (isTable(value)) for (const list of Object.values(value)) fromList(list);
  };
  // Poetry's tables: `pytest-django = "^4.5"`, the key is the name.
  const fromKeys = (value: unknown): void => {
    if (isTable(value)) for (const key of Object.keys(value)) if (key.toLowerCase() !== 'python') add(key, key);
  };

  const project = table(document.project);
  fromList(project.dependencies);
  fromListTable(project['optional-dependencies']);
  fromListTable(document['dependency-groups']);
  const tool = table(document.tool);
  const poetry = table(tool.poetry);
  fromKeys(poetry.dependencies);
  fromKeys(poetry['dev-dependencies']);
  for (const group of Object.values(table(poetry.group))) fromKeys(table(group).dependencies);
  fromList(table(tool.uv)['dev-dependencies']);
  fromListTable(table(tool.pdm)['dev-dependencies']);
  return found;
}

/** The first line holding `spelledAs` as written (quoted, or as a key); 1 when none does. */
function lineOf(lines: readonly string[], spelledAs: string): number {
  const row = lines.findIndex((line) => line.includes(`"${spelledAs}"`) || line.includes(`'${spelledAs}'`) || line.trimStart().startsWith(`${spelledAs} `) || line.trimStart().startsWith(`${spelledAs}=`));
  return row < 0 ? 1 : row + 1;
}

function table(value: unknown): Record<string, unknown> {
  return isTable(value) ? value : {};
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
