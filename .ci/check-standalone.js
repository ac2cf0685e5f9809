// Fails when a tracked file leans on something a clone of this repo does not have: a relative path that
// climbs out of the repo, an absolute path into this machine's own top-level folders, a Markdown document the
// repo does not hold, or a citation in the style of private notes (section signs, numbered pitfalls or issues).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, posix } from 'node:path';

const SYSTEM_FOLDERS = new Set([
  'usr',
  'bin',
  'sbin',
  'dev',
  'proc',
  'sys',
  'tmp',
  'etc',
  'var',
  'lib',
  'lib64',
  'opt',
  'run',
]);
const CITATIONS = [/\u00a7/, /pitfall #\d/i, /\[DOC /, /\[UNOFF/, /\bissue \d+\b/i];
const SELF = '.ci/check-standalone.js';

const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
  .split('\0')
  .filter((file) => file && file !== SELF && file !== 'package-lock.json');
const documents = new Set(files.filter((file) => file.endsWith('.md')).map((file) => basename(file)));

const problems = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue;
  }
  if (text.includes('\0')) continue;
  text.split('\n').forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    // A climb onto a system folder (`../../../etc/passwd`) is a path-traversal probe in a test, not a reference.
    for (const match of line.matchAll(/((?:\.\.\/)+)([\w.-]*)/g)) {
      const target = posix.normalize(posix.join(dirname(file), match[1]));
      if (target.startsWith('..') && !SYSTEM_FOLDERS.has(match[2]))
        problems.push(`${where}: a path out of the repo (${match[0]})`);
    }
    for (const match of line.matchAll(/(?<![\w.:/@-])\/([A-Za-z][\w.-]*)\//g)) {
      const folder = match[1];
      if (!SYSTEM_FOLDERS.has(folder) && existsSync(`/${folder}`))
        problems.push(`${where}: this machine's /${folder}/`);
    }
    for (const match of line.matchAll(/(?<![\w/.\\-])([\w-]+\.md)\b/g)) {
      if (!documents.has(match[1])) problems.push(`${where}: ${match[1]}, which the repo does not hold`);
    }
    // Documentation sources (MDX) are another site's pages: cite them by public URL.
    for (const match of line.matchAll(/[\w./-]+\.mdx\b/g))
      problems.push(`${where}: ${match[0]}, a documentation source the repo does not hold (cite its public URL)`);
    for (const citation of CITATIONS) {
      if (citation.test(line)) problems.push(`${where}: a citation of notes outside the repo (${citation.source})`);
    }
  });
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error('check-standalone: the lines above lean on something a clone of this repo does not have');
  process.exit(1);
}
console.log(`check-standalone: ${files.length} files, no references outside the repo`);
