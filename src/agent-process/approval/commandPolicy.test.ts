import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyCommand, matchesPattern } from './commandPolicy.js';
import { ISSUE_8_ATTACKS } from './redTeamCases.js';

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
  'git --no-pager log',
  'git stash list',
  'git remote -v',
  'git tag',
  'git config --get user.name',
  'which node',
  'node --version',
  'npm --version',
  'npm ls',
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
  'env LANG=C ls',
  'LC_ALL=C sort x',
  'CI=1 NODE_ENV=test cat x',
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
  ['FOO=1 rm x', /sets the variable FOO/],
  ['CI=1 rm x', /deletes files/],
  ['time rm x', /deletes files/],
  ['timeout 5 rm x', /deletes files/],
  ['npm test', /runs a script \(npm test\)/],
  ['npm view react version', /network \(npm view\)/],
  ['npm run build', /runs a script \(npm run build\)/],
  ['make', /runs a program or script/],
  ['node script.js', /runs a program or script/],
  ['python x.py', /runs a program or script/],
  ['./build.sh', /runs a program or script \(\.\/build\.sh\)/],
  ['npx jest', /package binary/],
  ['$CMD x', /variable|expansion/],
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

// Adversarial review: each of these writes, deletes, runs code we cannot see or
// reaches the network in a way the first version of the gate let through (or
// nearly did). The comment says how bash reads it.
const attacks: Array<[string, RegExp]> = [
  // shell-quote read `#` inside a word as a comment; bash runs rm.
  ['echo a#; rm x', /deletes files/],
  ["echo 'a'#; rm x", /deletes files/],
  ['echo "x"#b; rm x', /deletes files/],
  // A quote inside a comment must not swallow the next line.
  ["ls # it's fine\nrm x", /deletes files/],
  ["ls # it's fine\nrm x'", /deletes files|quote/],
  ["echo $'a\\'b'; rm x", /deletes files/],
  // A stray number is an argument, not a redirect's fd: `nice -n 5 rm x`.
  ['nice -n 5 >/dev/null rm x', /deletes files/],
  ['sed -n 2>/dev/null "w out" f', /sed script/],
  // Wildcards and braces can become options (a file named -delete).
  ['find . *', /wildcard/],
  ['find . -{de,}lete', /wildcard/],
  ['find . "-"{de,}lete', /wildcard/],
  ["find . '-{de,}lete'{,}", /wildcard/],
  ['sed -n p *', /wildcard/],
  ['sort *', /wildcard/],
  ['git diff *', /wildcard/],
  ['tree *', /wildcard/],
  ['nice find . *', /wildcard/],
  // Variables whose value the line itself chooses.
  ['X=-delete; find . $X', /variable|X/],
  ['LANG=-delete; find . $LANG', /sets and then uses a variable/],
  ['echo -delete; find . $_', /\$_/],
  ['printf -v X -- -delete', /printf -v/],
  // Environment prefixes that make a program run code.
  ['LD_PRELOAD=/tmp/x.so ls', /LD_PRELOAD/],
  ["PAGER='rm x' git log", /PAGER/],
  ["GIT_EXTERNAL_DIFF='rm x' git diff", /GIT_EXTERNAL_DIFF/],
  ["LESSOPEN='|rm x %s' cat f", /LESSOPEN/],
  ['PATH=.:$PATH ls', /PATH/],
  ['NODE_OPTIONS=--require=./x.js npm test', /NODE_OPTIONS/],
  ['env LD_PRELOAD=/tmp/x.so ls', /LD_PRELOAD/],
  ['env -iS "rm x"', /env -S/],
  ['BASH_ENV=./x.sh bash -c ls', /BASH_ENV/],
  ['HOME=/tmp git status', /HOME/],
  ['LANG=../../x ls', /path/],
  // xargs appends its input to the command, options included.
  ['echo -delete | xargs find .', /xargs find/],
  ['echo -i | xargs sed s/a/b/', /xargs sed/],
  ['echo rm x | xargs env', /xargs env|not a known/],
  ['xargs -I{} git diff {}', /xargs git/],
  // find, sed, sort, git, tree... options that write or run.
  ['find . -ok rm {} ;', /find -ok/],
  ['find . -execdir rm {} +', /find -execdir/],
  ['find . -fprintf out %p', /find -fprintf/],
  ['find . -fls out', /find -fls/],
  ['sed --expression="w out" f', /sed script/],
  ['sed --exp="1w out" f', /sed script/],
  ["sed -e'w out' f", /sed script/],
  ["sed -ne 'w out' f", /sed script/],
  ["sed -n '1~2w out' f", /sed script/],
  ["sed -n '/x/I w out' f", /sed script/],
  ["sed -n -e '$!{w out' -e '}' f", /sed script/],
  ["sed 's/a/b/e' f", /sed script/],
  ["sed 's|a|b|gw out' f", /sed script/],
  ["sed '1e rm x' f", /sed script/],
  ["sed -l 5 'w out' f", /sed script/],
  ['sed --in-place s/a/b/ f', /in place/],
  ['sed --in s/a/b/ f', /in place/],
  ['sed -ni p f', /in place/],
  ['sed -f script.sed f', /script file/],
  ['sort --outp=f in', /sort -o/],
  ['sort -rno f in', /sort -o/],
  ['sort --compress-program=rm in', /compress-program/],
  ['git log --out=f', /--output/],
  ['git log --output f', /--output/],
  ['git log -p --ext-diff', /ext-diff/],
  ['git show --ext', /ext-diff/],
  ['git -ccore.pager=rm log', /configuration/],
  ['git --config-env=core.pager=X log', /configuration/],
  ["git -c alias.x='!rm y' x", /configuration/],
  ['git grep -iO foo', /git grep -O/],
  ['git grep --open foo', /git grep -O/],
  ['git help --web log', /browser/],
  ['git --git-dir=evil log', /another git directory/],
  ['git --work-tree .. status', /another git directory/],
  ['npm help ls', /npm help/],
  ['git config --get x --add y', /git configuration/],
  ['git config core.pager', /git configuration/],
  ['git config --list core.pager rm', /git configuration/],
  ['git clean -f', /git clean/],
  ['git clean -fd', /git clean/],
  ['git clean -ni', /git clean/],
  ['git difftool', /git difftool/],
  ['git apply x.patch', /git apply/],
  ['git am x.patch', /git am/],
  ['git stash pop', /git stash/],
  ['tree -R -H . -L 1', /tree -o/],
  ['tree -fo out', /tree -o/],
  ['file -zC -m x', /file -C/],
  ['rg --hostname-bin=./x foo', /hostname-bin/],
  ['ag --pager=rm foo', /pager/],
  ['less +!rm\ x f', /pager/],
  ['more f', /pager/],
  ['nohup ls', /nohup/],
  ['date -s 2020-01-01', /clock/],
  ['hostname evil', /host name/],
  ['pip list --outdated', /network/],
  ['yarn info react', /network/],
  ['pnpm dlx cowsay', /runs a script/],
  ['npx cowsay', /package binary/],
  ['pip install x', /installs/],
  // Wrappers and builtins that run another command.
  ['command rm x', /deletes files/],
  ['builtin cd /', /not a known/],
  ['exec rm x', /deletes files/],
  ['time rm x', /deletes files/],
  ['nice rm x', /deletes files/],
  ['timeout -s KILL 5 rm x', /deletes files/],
  ['. ./x.sh', /not a known|script/],
  ['source x.sh', /not a known/],
  ['coproc rm x', /not a known/],
  ['{ rm x; }', /not a known/],
  ['(rm x)', /deletes files/],
  ['f() { rm x; }; f', /not a known|deletes/],
  ['if true; then rm x; fi', /not a known|deletes/],
  ["sh <<< 'rm x'", /shell script/],
  ['cat <<EOF\nrm x\nEOF', /here-document/],
  ["cat <<'EOF' > f\nhi\nEOF", /here-document|redirect/],
  ['echo rm x | sh', /shell script/],
  ['bash -c "bash -c \'rm x\'"', /deletes files/],
  ['python -c "import os"', /runs a program/],
  ['node -e "1"', /runs a program/],
  ['perl -e 1', /runs a program/],
  ["awk '{system(\"rm x\")}' f", /runs a program/],
  ['echo $((1+1))', /substitution/],
  ['cat <(rm x)', /process substitution/],
  ['ls >(rm x)', /process substitution/],
  // Secrets of other processes: the host's environment holds the API key.
  ['cat /proc/1234/environ', /process environment/],
  ['strings /proc/self/environ', /process environment/],
  ['cat /proc/1234/env*', /under \/proc/],
  ['cat /*/1234/env*', /top-level folders/],
  ['cat /pr?c/1/cmdline', /top-level folders/],
  ['cd /proc && ls', /under \/proc/],
  ['ps eww', /ps e/],
  ['ps auxe', /ps e/],
  ['cat < /proc/1/environ', /process environment/],
  ['cat < /dev/tcp/example.com/80', /network/],
  // Shell options that read a file first.
  ['bash --rcfile ./x -i -c ls', /shell script/],
  ['bash --init-file ./x -c ls', /shell script/],
  ['bash -i -c ls', /shell script/],
  // Redirects.
  ['> f', /redirect/],
  ['cat > f', /redirect/],
  ['ls 3<>f', /redirect/],
  ['ls &>> f', /redirect/],
  ['ls 2>>f', /redirect/],
  ['exec 3>f', /redirect/],
  // Names and spellings.
  ['/usr/bin/rm x', /deletes files/],
  ["'rm' x", /deletes files/],
  ['r\\\nm x', /deletes files/],
  ['./script.sh', /runs a program or script/],
  ['cd /tmp && rm x', /deletes files|outside the workspace/],
  ['ls\u0002 x', /control characters/],
  ["echo 'unclosed", /quote/],
  ['ln -s /etc e', /writes files/],
  ['mkfifo p', /writes files/],
  ['shred f', /deletes files/],
  ['install a b', /writes files/],
  ['patch -p1', /writes files/],
  ['unzip a.zip', /writes files/],
  ['tar xf a.tar', /writes files/],
  ['pkill node', /processes/],
  ['docker run x', /not a known|runs a program/],
  ['rsync a b', /writes files/],
  ['scp a b:', /network/],
  ['nc -l 1', /network/],
  ['go run .', /runs a program/],
  ['cargo run', /runs a program/],
];

for (const [command, reason] of [...attacks, ...ISSUE_8_ATTACKS]) {
  test(`attack needs approval: ${JSON.stringify(command)}`, () => {
    const verdict = classifyCommand(command, []);
    assert.equal(verdict.needsApproval, true, `${command} ran at once`);
    assert.match(verdict.reason, reason);
  });
}

// ...while the everyday read-only forms of the same tools still run at once.
const stillReadOnly = [
  'git clean -n',
  'git clean -nd',
  'git clean --dry-run -x',
  'git config --get user.name',
  'git config get user.email',
  'git config --list',
  'ls *',
  'cat ./*',
  'grep foo *',
  'wc -l src/*.ts {a,b}.txt',
  'find . -type f | xargs wc -l',
  "sed -n '/^export/p' src/a.ts",
  "sed -n '1,20p;25q' f",
  "sed -e 's/a/b/g' -e 's/c/d/' f",
  "sed 's/[{}]/x/2' f",
  'sed -E "s/(a|b)+/x/I" f',
  'ls 2>/dev/null',
  'echo 2 >/dev/null',
  'git log 2>&1 | head',
  'ls 2>&1 >/dev/null',
  'echo a#b',
  'echo "#notacomment"',
  'date +%s',
  'date -u -Iseconds',
  'printf "%s\\n" a b',
  'hostname',
  'sort -n -k2 f',
  'git log -p --no-ext-diff',
  'git log --output-indicator-new=+',
  'echo $HOME',
  'pip list',
  'rg --pre-glob "*.gz" foo',
  'echo $#',
  'cat /proc/cpuinfo',
  'ps aux',
  'ps -ef',
  'bash -e -c "ls"',
  'bash --version',
  'git log --pretty=format:"{%h,%s}"',
  "git log --format='%h {a,b}'",
  'cd src || exit 1',
  'git log --oneline --graph --decorate --all -20',
  'git status -sb',
  'git status --porcelain=v1',
  'git log --pretty=format:"%h %s" --since="2 weeks ago"',
  'git blame -L 10,20 src/a.ts',
  'git diff --name-only main...HEAD',
  'git ls-files -z --others --exclude-standard',
  'git diff -U5 --word-diff',
  'git log -S foo --oneline',
  'git describe --tags --always',
];

for (const command of stillReadOnly) {
  test(`still runs at once: ${JSON.stringify(command)}`, () => {
    const verdict = classifyCommand(command, []);
    assert.equal(verdict.needsApproval, false, `${command}: ${verdict.reason}`);
  });
}

test('a user pattern does not excuse a dangerous variable in front of it', () => {
  assert.equal(classifyCommand('LD_PRELOAD=/tmp/x.so npm test', ['npm test']).needsApproval, true);
  assert.equal(classifyCommand('env NODE_OPTIONS=--require=x npm test', ['npm test']).needsApproval, true);
  // xargs adds words, so the command is no longer exactly the pattern.
  assert.equal(classifyCommand('find . | xargs npm test', ['npm test']).needsApproval, true);
});

for (const [command, reason] of needsApproval) {
  test(`needs approval: ${JSON.stringify(command)}`, () => {
    const verdict = classifyCommand(command, []);
    assert.equal(verdict.needsApproval, true, `${command} ran at once`);
    assert.match(verdict.reason, reason);
  });
}

test('a user pattern allows exactly that command, no extra arguments', () => {
  assert.deepEqual(classifyCommand('npm test', ['npm test']), { needsApproval: false, reason: 'allowed by your pattern "npm test"' });
  assert.equal(classifyCommand('npm test -- --watch=false', ['npm test']).needsApproval, true);
  assert.equal(classifyCommand('npm test --script-shell=python3', ['npm test']).needsApproval, true);
  assert.equal(classifyCommand('make test --eval=x', ['make test']).needsApproval, true);
  assert.equal(classifyCommand('npm test -- --watch=false', ['npm test *']).needsApproval, false);
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
  assert.equal(matchesPattern(['pytest'], 'pytest'), true);
  assert.equal(matchesPattern(['pytest', '-q'], 'pytest'), false);
  assert.equal(matchesPattern(['go', 'test', './...'], 'go test *'), true);
  assert.equal(matchesPattern(['go', 'test', './...'], 'go test'), false);
  assert.equal(matchesPattern(['go', 'build'], 'go test'), false);
  assert.equal(matchesPattern(['npm'], 'npm run *'), false);
  assert.equal(matchesPattern([], 'npm'), false);
  assert.equal(matchesPattern(['ls'], ''), false);
});

test('empty and whitespace commands need nothing', () => {
  assert.equal(classifyCommand('', []).needsApproval, false);
  assert.equal(classifyCommand('   ', []).needsApproval, false);
});

test('an allowed pattern does not cover a script the agent changed in this run', () => {
  const changed = (files: string[]) => ({ changedFiles: files });
  assert.equal(classifyCommand('npm test', ['npm test'], changed(['src/a.ts'])).needsApproval, false);
  for (const file of ['package.json', 'Makefile', 'sub/vitest.config.ts', 'jest.config.js', 'pytest.ini', 'conftest.py', '.npmrc']) {
    const verdict = classifyCommand('npm test', ['npm test'], changed([file]));
    assert.equal(verdict.needsApproval, true, file);
    assert.match(verdict.reason, new RegExp(`matches your pattern "npm test", but this agent changed ${file.replace(/\./g, '\\.')}`));
  }
  assert.equal(classifyCommand('timeout 60 make test', ['make test'], changed(['Makefile'])).needsApproval, true);
  // A read-only command stays read-only whatever changed.
  assert.equal(classifyCommand('cat package.json', ['npm test'], changed(['package.json'])).needsApproval, false);
});

test('paths that hold secrets need approval, from the places the host names', () => {
  const secrets = { home: '/home/u', workspace: '/home/u/proj', paths: ['/home/u/.local/share/Offload'] };
  const ask = (command: string) => classifyCommand(command, [], { secrets });
  assert.equal(ask('cat /home/u/.local/share/Offload/secrets.json').needsApproval, true);
  assert.equal(ask('ls /home/u/.local/share/Offload/workspaces').needsApproval, true);
  assert.equal(ask('grep -r KEY /home').needsApproval, true);
  assert.equal(ask('ls ..').needsApproval, true);
  assert.equal(ask('cat ../../u/.aws/config').needsApproval, true);
  assert.equal(ask('cat --  /home/u/.local/share/Offload/x').needsApproval, true);
  assert.equal(ask('cat src/a.ts').needsApproval, false);
  assert.equal(ask('cat /etc/os-release').needsApproval, false);
  assert.equal(ask('ls ../sibling-project').needsApproval, false);
});
