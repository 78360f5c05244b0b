import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyCommand, matchesPattern } from './commandPolicy.js';

const runsAtOnce = [
  'ls',
  'ls -la src',
  'cat package.json',
  'head -n 20 README.md',
  'tail -f log.txt',
  'wc -l src/*.ts',
  'pwd',
  'echo hello world',
  'grep -rn "TODO" src',
  'rg foo --type ts',
  'find . -name "*.ts" -not -path "./node_modules/*"',
  'git status',
  'git diff HEAD~1 -- src/a.ts',
  'git log --oneline -n 5',
  'git show HEAD:package.json',
  'git branch',
  'git branch -a -vv',
  'git branch --list "feat/*"',
  'git rev-parse --abbrev-ref HEAD',
  'git ls-files',
  'git blame src/a.ts',
  'git -C sub status',
  'git --no-pager log',
  'git stash list',
  'git remote -v',
  'git tag',
  'git config --get user.name',
  'which node',
  'node --version',
  'npm --version',
  'npm ls',
  'npm view react version',
  'tree src',
  'stat package.json',
  'du -sh .',
  'sort names.txt | uniq -c | sort -rn',
  'cut -d, -f1 data.csv | tr a-z A-Z',
  'diff a.txt b.txt',
  'jq .name package.json',
  'ls 2>&1',
  'ls > /dev/null',
  'ls 2>/dev/null',
  'cat a.txt | grep foo | wc -l',
  'ls && git status',
  'cd src && ls',
  'env',
  'env FOO=1 ls',
  'FOO=bar cat x',
  'time ls',
  'cat < input.txt',
  "echo '$(not run)'",
  'sed -n 1,5p file.txt',
  "sed 's/new/old/g' file.txt",
  'bash -c "ls -la"',
  'sh -c \'git status && git diff\'',
  'find . -type f | xargs grep foo',
  'xargs',
  'ls # > this is a comment',
  '/bin/ls -la',
  'command -v node',
  'find . -type f -print0 | xargs -0 grep -l foo',
  'ls 1>/dev/null 2>&1',
  'git log --oneline | head -n 5',
  'nice -n 5 grep foo bar',
  'timeout 5 cat x',
  'file src/a.ts',
];

for (const command of runsAtOnce) {
  test(`runs at once: ${command}`, () => {
    const verdict = classifyCommand(command, []);
    assert.equal(verdict.needsApproval, false, `${command}: ${verdict.reason}`);
  });
}

const needsApproval: Array<[string, RegExp]> = [
  ['rm -rf build', /deletes files \(rm\)/],
  ['/bin/rm x', /deletes files \(rm\)/],
  ['mv a b', /writes files \(mv\)/],
  ['cp a b', /writes files/],
  ['mkdir -p out', /writes files/],
  ['touch x', /writes files/],
  ['chmod +x run.sh', /writes files/],
  ['sed -i s/a/b/ file', /in place/],
  ['sed -i.bak s/a/b/ file', /in place/],
  ["sed -n 'w out.txt' file", /sed script/],
  ["sed 's/a/b/w out.txt' file", /sed script/],
  ['echo hi | tee out.txt', /writes files \(tee\)/],
  ['dd if=/dev/zero of=x bs=1 count=1', /writes files/],
  ['truncate -s 0 x', /writes files/],
  ['npm install', /installs or changes packages \(npm install\)/],
  ['npm i left-pad', /installs/],
  ['pnpm add react', /installs/],
  ['yarn add react', /installs/],
  ['pip install requests', /installs packages/],
  ['apt-get install -y jq', /system packages/],
  ['curl https://example.com', /reaches the network \(curl\)/],
  ['wget https://example.com', /network/],
  ['ssh host', /network/],
  ['git push origin main', /reaches the network \(git push\)/],
  ['git pull', /network/],
  ['git fetch', /network/],
  ['git clone https://x/y', /network/],
  ['npm publish', /network/],
  ['echo hi > out.txt', /redirect \(> out\.txt\)/],
  ['echo hi >> out.txt', /redirect \(>> out\.txt\)/],
  ['ls &> out.txt', /redirect/],
  ['ls 2> err.txt', /redirect/],
  ['ls >| out.txt', /redirect/],
  ['ls > $OUT', /redirect/],
  ['ls && rm -rf x', /deletes files/],
  ['ls; rm x', /deletes files/],
  ['ls || rm x', /deletes files/],
  ['cat x | sh', /shell script/],
  ['ls\nrm x', /deletes files/],
  ['ls # comment\nrm x', /deletes files/],
  ['echo $(rm -rf x)', /command substitution/],
  ['echo "$(ls)"', /command substitution/],
  ['echo `ls`', /backticks/],
  ['diff <(ls a) <(ls b)', /process substitution/],
  ['sh -c "rm -rf x"', /deletes files/],
  ['bash -c \'echo hi > x\'', /redirect/],
  ['eval "rm x"', /deletes files/],
  ['find . -name "*.o" | xargs rm', /deletes files/],
  ['xargs -n 1 rm < list.txt', /deletes files/],
  ['find . -delete', /find -delete/],
  ['find . -exec rm {} \\;', /find -exec/],
  ['find . -fprint out.txt', /find -fprint/],
  ['git commit -m x', /changes the repository \(git commit\)/],
  ['git checkout main', /git checkout/],
  ['git reset --hard', /git reset/],
  ['git clean -fdx', /git clean/],
  ['git stash', /git stash/],
  ['git merge x', /git merge/],
  ['git rebase main', /git rebase/],
  ['git branch -D old', /git branch -D/],
  ['git branch newbranch', /git branch newbranch/],
  ['git tag v1', /git tag v1/],
  ['git -c core.pager=evil log', /configuration/],
  ['git diff --output=patch.txt', /writes a file/],
  ['sudo ls', /another user \(sudo\)/],
  ['env rm x', /deletes files/],
  ['FOO=1 rm x', /deletes files/],
  ['time rm x', /deletes files/],
  ['timeout 5 rm x', /deletes files/],
  ['npm test', /runs a script \(npm test\)/],
  ['npm run build', /runs a script \(npm run build\)/],
  ['make', /runs a program or script/],
  ['node script.js', /runs a program or script/],
  ['python x.py', /runs a program or script/],
  ['./build.sh', /runs a program or script \(\.\/build\.sh\)/],
  ['npx jest', /package binary/],
  ['$CMD x', /variable/],
  ['kill 123', /processes/],
  ['frobnicate --all', /not a known read-only command \(frobnicate\)/],
  ['awk \'{print > "x"}\' f', /runs a program/],
  ['sort -o out.txt in.txt', /sort -o/],
  ['rg --pre ./evil foo', /preprocessor/],
  ['tree -o out.txt', /tree -o/],
  ['file -C -m magic', /file -C/],
  ['bash -lc "rm x"', /shell script/],
  ['echo hi > /dev/null/../x', /redirect/],
  ['ls >&out.txt', /redirect/],
  ['xargs -0 -I{} sh -c "rm {}"', /deletes files/],
  ['echo x | tee', /writes files \(tee\)/],
  ['\\rm x', /deletes files/],
  ["r''m x", /deletes files/],
  ['git config user.name bob', /git configuration/],
];

for (const [command, reason] of needsApproval) {
  test(`needs approval: ${JSON.stringify(command)}`, () => {
    const verdict = classifyCommand(command, []);
    assert.equal(verdict.needsApproval, true, `${command} ran at once`);
    assert.match(verdict.reason, reason);
  });
}

test('a user pattern allows the command with extra arguments', () => {
  assert.deepEqual(classifyCommand('npm test', ['npm test']), { needsApproval: false, reason: 'allowed by your pattern "npm test"' });
  assert.equal(classifyCommand('npm test -- --watch=false', ['npm test']).needsApproval, false);
  assert.equal(classifyCommand('CI=1 npm test', ['npm test']).needsApproval, false);
  assert.equal(classifyCommand('npm testx', ['npm test']).needsApproval, true);
  assert.equal(classifyCommand('npm run test', ['npm test']).needsApproval, true);
});

test('glob patterns: npm run * and npm run test:*', () => {
  assert.equal(classifyCommand('npm run build', ['npm run *']).needsApproval, false);
  assert.equal(classifyCommand('npm run lint -- --fix', ['npm run *']).needsApproval, false);
  assert.equal(classifyCommand('npm install', ['npm run *']).needsApproval, true);
  assert.equal(classifyCommand('npm run test:unit', ['npm run test:*']).needsApproval, false);
  assert.equal(classifyCommand('npm run build', ['npm run test:*']).needsApproval, true);
});

test('a user pattern never allows a chain whose other parts need approval', () => {
  assert.equal(classifyCommand('npm test && rm -rf src', ['npm test']).needsApproval, true);
  assert.equal(classifyCommand('npm test; curl http://x', ['npm test']).needsApproval, true);
  assert.equal(classifyCommand('npm test $(rm x)', ['npm test']).needsApproval, true);
  assert.equal(classifyCommand('npm test > out.txt', ['npm test']).needsApproval, true);
  assert.equal(classifyCommand('npm test 2>&1 | tail -n 20', ['npm test']).needsApproval, false);
  assert.equal(classifyCommand('git status && npm test', ['npm test']).needsApproval, false);
});

test('patterns apply inside sh -c and behind wrappers', () => {
  assert.equal(classifyCommand('bash -c "npm test"', ['npm test']).needsApproval, false);
  assert.equal(classifyCommand('timeout 60 make test', ['make test']).needsApproval, false);
  assert.equal(classifyCommand('make build', ['make test']).needsApproval, true);
});

test('matchesPattern word by word', () => {
  assert.equal(matchesPattern(['pytest', '-q'], 'pytest'), true);
  assert.equal(matchesPattern(['go', 'test', './...'], 'go test'), true);
  assert.equal(matchesPattern(['go', 'build'], 'go test'), false);
  assert.equal(matchesPattern(['npm'], 'npm run *'), false);
  assert.equal(matchesPattern([], 'npm'), false);
  assert.equal(matchesPattern(['ls'], ''), false);
});

test('empty and whitespace commands need nothing', () => {
  assert.equal(classifyCommand('', []).needsApproval, false);
  assert.equal(classifyCommand('   ', []).needsApproval, false);
});
