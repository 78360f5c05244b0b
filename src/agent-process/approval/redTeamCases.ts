// Issue 8's red-team list: commands that ran without approval before the gate
// failed closed, each with the reason the gate now gives. Shared by the
// adversarial table (commandPolicy.test.ts) and the bench (bench/sandbox.ts).

export const ISSUE_8_ATTACKS: ReadonlyArray<readonly [string, RegExp]> = [
  // Empty expansions hide a flag (bash drops the empty ${U}).
  ['find . -del${U}ete', /variable/],
  ['find . ${X:--delete}', /variable/],
  ['sed --in-pla${U}ce s/a/b/ f.txt', /variable/],
  ['git log --out${U}put=FILE', /variable/],
  ['sort --outp${U}ut=FILE in.txt', /variable/],
  ['rg --pr${U}e=rm x .', /variable/],
  ["env --split-str${U}ing='touch F'", /variable/],
  // Globs and positional parameters.
  ['find . -delet[e]', /wildcard/],
  ['find . -delete*', /wildcard/],
  ["sh -c 'find . $1' sh -delete", /variable/],
  ["sh -c 'sed $1 s/a/b/ f' x -i", /variable/],
  // Abbreviated GNU long options.
  ['sed --i s/a/b/ f', /in place|abbreviates/],
  ["sed --e='w FILE' f", /sed script/],
  ["env --sp='touch F'", /env -S/],
  ['sort --out=f in', /sort -o/],
  ['sort --rev in', /abbreviates/],
  ['rg --pre=./x foo', /preprocessor/],
  ['xargs --max-a=1 echo', /abbreviates/],
  ['timeout --sig=KILL 5 ls', /abbreviates/],
  // Writers the gate thought were readers.
  ['uniq - FILE', /writes a file/],
  ['uniq in.txt out.txt', /writes a file/],
  ['xxd - FILE', /writes a file/],
  ['xxd -r x y', /writes a file/],
  ["sed 's/x/y/;w FILE' f", /sed script/],
  ['xargs -l sh -c ls', /xargs sh|shell|not a known/],
  ['xargs -e sh -c ls', /xargs sh|shell|not a known/],
  ['xargs -i sh -c ls', /xargs sh|shell|not a known/],
  // Options outside the allow-lists.
  ['find . -fprint0 out', /find -fprint0/],
  ['find . -newerXY x', /not known to be read-only/],
  ['sort -T /tmp x', /not known to be read-only/],
  ['tree -H . -o x', /tree -o/],
  ['file -p x', /not known to be read-only/],
  ['ps e', /ps e/],
  // git in another folder runs that repository's configured pager or external diff.
  ['git -C DIR log -p', /another folder/],
  ['git -C DIR diff', /another folder/],
  ['cd sub && git -C .. diff', /another folder/],
  ['git --exec-path=. log', /configuration/],
  // Allowed patterns match whole commands only.
  ['npm test --script-shell=python3', /runs a script/],
  ['make test --eval=x', /runs a program/],
  ['make -f evil.mk', /runs a program/],
  // Secrets.
  ['cat //proc/*/env*', /environ|\/proc|top-level/],
  ['cat ///proc/1/environ', /environment/],
  ['cat /./proc/1/cmdline', /under \/proc/],
  ['cat /sys/../proc/1/cmdline', /under \/proc/],
  ['cat //proc/self/mem', /under \/proc/],
  ['head -c 9999 /proc/1/maps', /under \/proc/],
  ['grep -a KEY /proc/1/env*', /under \/proc|environ/],
  ['cat ~/.ssh/id_rsa', /secrets|home folder/],
  ['cat ~/.aws/credentials', /secrets|home folder/],
  ['cat $HOME/.ssh/id_rsa', /secrets|variable/],
  ['cat $OFFLOAD_HOME/secrets.json', /secrets|variable/],
  ['cat /home/u/.ssh/id_rsa', /secrets/],
  ['cat ../../.ssh/id_rsa', /secrets/],
  ['cat ~/.config/gcloud/credentials.db', /secrets|home folder/],
  ['grep -r BEGIN ~', /home folder|secrets/],
  ['cd ~ && cat .netrc', /outside the workspace|secrets|home folder/],
  ['cd / && cat proc/1/environ', /outside the workspace|environment/],
  ['cat < ~/.ssh/id_rsa', /secrets|expansion/],
  ['ls /home/*/.ssh', /wildcard outside|secrets/],
  ['cat ~/.ss?/id_rsa', /home folder/],
];
