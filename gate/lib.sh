# shellcheck shell=bash
# Helpers for gate/run.sh and the checks under gate/checks/. Source it.
#
# The gate works in its own worktree, GATE_TREE, with the patch under test
# committed at HEAD and its parent at HEAD~1. Each configuration of the build
# matrix (gate/matrix/NAME.config) has one incremental build directory,
# $GATE/NAME, shared by every check that builds.

# shellcheck source=../lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

GATE=${GATE:-$BUILD/gate}
GATE_TREE=${GATE_TREE:-$GATE/tree}
MATRIX=${MATRIX:-$TOP/gate/matrix}
# The configuration W=1 and sparse use for an object, when it is built there.
GATE_WARN_CONFIG=${GATE_WARN_CONFIG:-x86_64-phylib-m}

# Verdicts: one line, then exit. ok (0) and FAIL (1) are verdicts on the
# patch or series; ERROR (2) says the check could not run (a tool that is
# missing or broke), which is no verdict on the series at all.
ok() { echo "ok $*"; exit 0; }
fail() { echo "FAIL $*"; exit 1; }
error() { echo "ERROR $*"; exit 2; }

tgit() { git_clean_env -C "$GATE_TREE" "$@"; }

# Can commit ids be looked up? Not in the Debian base (a source package
# committed once), nor in a shallow clone.
tree_has_history() {
	[ "$(tgit rev-list --count --max-count=2 "$GATE_BASE")" -ge 2 ] &&
		[ "$(tgit rev-parse --is-shallow-repository)" = false ]
}

# Files of the patch at HEAD that exist after it, optionally filtered by
# pathspecs: touched '*.c'.
touched() { tgit diff --name-only --diff-filter=ACMR HEAD~1 HEAD -- "$@"; }
added_files() { tgit diff --name-only --diff-filter=AC HEAD~1 HEAD -- "$@"; }

# Lines the patch at HEAD adds, as "FILE<TAB>LINE", optionally filtered.
added_lines() {
	tgit diff -U0 HEAD~1 HEAD -- "$@" | awk '
		/^\+\+\+ / { f = substr($0, 7); next }
		/^\+/ && f != "" { print f "\t" substr($0, 2) }'
}

# Header addresses of a mail file: addrs FILE To Cc -> lower-case, one a line.
addrs() {
	local f=$1
	shift
	awk -v want="$*" '
		BEGIN { n = split(tolower(want), w, " "); for (i = 1; i <= n; i++) ok[w[i] ":"] = 1 }
		/^$/ { exit }
		/^[ \t]/ { if (keep) print; next }
		{ keep = (tolower($1) in ok); if (keep) print }' "$f" |
		grep -oE '[[:alnum:]._%+=-]+@[[:alnum:].-]+' | tr '[:upper:]' '[:lower:]' | sort -u
}

header() { mail_header "$@"; }

# Warnings and errors of compiler, sparse, kernel-doc or modpost output,
# normalised so that they survive line moves: no line/column numbers, paths
# relative to the tree.
norm_warnings() {
	sed -e "s#$GATE_TREE/##g" |
		awk '/(warning|error|Warning|Error)[: ]|^(WARNING|ERROR): modpost/ &&
		     !/^make(\[[0-9]+\])?: \*\*\*/' |
		sed -E 's/:[0-9]+(:[0-9]+)?([: ])/\2/' | sort -u
}

# --- build matrix ----------------------------------------------------------

# The configurations of the matrix: every gate/matrix/*.config, or those
# GATE_CONFIGS names (make check's subset); a name without a fragment is an
# error.
configs_all() { (cd "$MATRIX" && ls -- *.config) | sed 's/\.config$//'; }
configs() {
	local c
	if [ -z "${GATE_CONFIGS:-}" ]; then
		configs_all
		return
	fi
	for c in $GATE_CONFIGS; do
		[ -f "$MATRIX/$c.config" ] ||
			cannot_run "unknown configuration '$c' in GATE_CONFIGS; the matrix: $(configs_all | paste -sd' ')"
		echo "$c"
	done
}
cfg_dir() { echo "$GATE/$1"; }
cfg_vars() { sed -n 's/^# make: *//p' "$MATRIX/$1.config"; }

# make in the gate tree for one configuration: kmake CFG ARGS...
kmake() {
	local cfg=$1 cc=gcc v vars
	shift
	read -ra vars <<<"$(cfg_vars "$cfg")"
	for v in "${vars[@]}"; do
		case $v in
		LLVM=1) cc=clang ;;
		LLVM=-*) cc=clang${v#LLVM=} ;;
		LLVM=*/) cc=${v#LLVM=}clang ;;
		esac
	done
	nice -n 10 make -s -C "$GATE_TREE" O="$(cfg_dir "$cfg")" "${vars[@]}" \
		CC="ccache $cc" -j"$JOBS" "$@"
}

# Check that every option of the fragment made it into .config. Symbols the
# tree does not declare yet (added by a later patch) are listed in
# gate-pending; a declared symbol kconfig dropped is an error.
config_verify() {
	local cfg=$1 dir dropped
	dir=$(cfg_dir "$cfg")
	if ! dropped=$(config_check "$MATRIX/$cfg.config" "$dir/.config" "$GATE_TREE" "$dir/gate-pending"); then
		echo "$cfg: kconfig dropped $(paste -sd' ' <<<"$dropped") (unmet dependencies: fix $MATRIX/$cfg.config)"
		return 1
	fi
}

# (Re)generate the .config of CFG: allnoconfig with tiny-base and the
# fragment forced, then verify it. Skipped when the Kconfig files, the
# fragment and .config are unchanged since the last time.
gate_config() {
	local cfg=$1 dir stamp
	dir=$(cfg_dir "$cfg")
	mkdir -p "$dir"
	stamp="$(tgit ls-files -s -- '*Kconfig*' 'scripts/kconfig/' | cksum) $(cksum <"$MATRIX/$cfg.config")"
	if [ -f "$dir/.config" ] &&
		[ "$(cat "$dir/gate-config.stamp" 2>/dev/null)" = "$stamp $(cksum <"$dir/.config")" ]; then
		return 0
	fi
	cat "$GATE_TREE/kernel/configs/tiny-base.config" "$MATRIX/$cfg.config" \
		>"$dir/gate-allconfig"
	if ! kmake "$cfg" KCONFIG_ALLCONFIG="$dir/gate-allconfig" allnoconfig \
		>"$dir/gate-config.log" 2>&1; then
		echo "$cfg: kconfig failed: $(tail -n 1 "$dir/gate-config.log")"
		return 1
	fi
	config_verify "$cfg" || return 1
	echo "$stamp $(cksum <"$dir/.config")" >"$dir/gate-config.stamp"
}

# Did a file CFG's build uses change between two trees? Kconfig, Makefiles
# and scripts/ always count; other files count when a .cmd file of the build
# lists them (sources and the headers they include).
build_inputs_changed() {
	local dir=$1 f
	while read -r f; do
		case $f in
		*Kconfig* | *Makefile* | *Kbuild* | scripts/*) return 0 ;;
		esac
		grep -rqF --include='*.cmd' "$GATE_TREE/$f" "$dir" && return 0
	done < <(tgit diff --name-only "$2" "$3")
	return 1
}

# Build CFG at the tree's HEAD: vmlinux, and the modules when enabled
# (modpost runs on both). Done once per tree state, and not at all when no
# file the build uses changed since the last build (its result stands). The
# output is in $dir/gate-build.log, the exit status is returned.
gate_build() {
	local cfg=$1 dir tree t="" rc=0 targets=vmlinux
	dir=$(cfg_dir "$cfg")
	tree=$(tgit rev-parse 'HEAD^{tree}')
	read -r t rc 2>/dev/null <"$dir/gate-build.stamp" || t=
	[ "$t" != "$tree" ] || return "$rc"
	if [ -n "$t" ] && [ -f "$dir/gate-build.log" ] && ! build_inputs_changed "$dir" "$t" "$tree"; then
		echo "$tree $rc" >"$dir/gate-build.stamp"
		return "$rc"
	fi
	mkdir -p "$dir"
	rc=0
	if gate_config "$cfg" >"$dir/gate-build.log"; then
		grep -qx CONFIG_MODULES=y "$dir/.config" && targets="vmlinux modules"
		# shellcheck disable=SC2086 # $targets: "vmlinux" or "vmlinux modules"
		kmake "$cfg" $targets >>"$dir/gate-build.log" 2>&1 || rc=$?
	else
		rc=1
	fi
	echo "$tree $rc" >"$dir/gate-build.stamp"
	return "$rc"
}

# Is FILE.c compiled in CFG (built at HEAD)?
compiled_in() {
	local cfg=$1 f=$2
	gate_build "$cfg" >/dev/null 2>&1 || true
	[ -f "$(cfg_dir "$cfg")/$(dirname "$f")/.$(basename "${f%.c}").o.cmd" ]
}

# The configuration to compile FILE.c in for warnings: GATE_WARN_CONFIG if
# it builds the file, else the first gcc configuration, else any.
warn_config() {
	local f=$1 cfg
	for cfg in "$GATE_WARN_CONFIG" \
		$(for c in $(configs); do cfg_vars "$c" | grep -q LLVM || echo "$c"; done) \
		$(configs); do
		[ -f "$MATRIX/$cfg.config" ] || continue
		compiled_in "$cfg" "$f" && { echo "$cfg"; return 0; }
	done
	return 1
}

# C files of the patch that kbuild compiles (not tools/, scripts/, ...).
touched_kernel_c() {
	touched '*.c' ':!tools/' ':!scripts/' ':!samples/' ':!Documentation/' ':!usr/'
}

# Run a command with the tree at the parent of HEAD, then come back.
at_parent() {
	local head rc=0
	head=$(tgit rev-parse HEAD)
	tgit checkout -q --detach HEAD~1
	"$@" || rc=$?
	tgit checkout -q --detach "$head"
	return "$rc"
}

# New lines of $2 (a file) that are not in $1, both sorted sets.
new_lines() { comm -13 "$1" "$2"; }

# The normalised warnings of compiling the objects of FILE.c... in CFG with
# extra make arguments (W=1, C=2): obj_warnings CFG ARGS -- FILE.c... The
# objects are removed first so that they are compiled (ccache replays the
# warnings); one make for all of them (-k: an error in one does not hide
# the warnings of the others).
obj_warnings() {
	local cfg=$1 args=() objs=() f
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	for f in "$@"; do
		rm -f "$(cfg_dir "$cfg")/${f%.c}.o"
		objs+=("${f%.c}.o")
	done
	{ kmake "$cfg" -k "${args[@]}" "${objs[@]}" 2>&1 || true; } | norm_warnings
}

# For each kernel C file of the patch: compile its object with ARGS at HEAD
# and at the parent, in the configuration warn_config picks (one make per
# configuration and side). Prints the warnings HEAD has and the parent has
# not; LOGDIR/objects lists "FILE CONFIG". Returns 1, the reason in
# LOGDIR/error, when a file is built in no configuration.
new_obj_warnings() {
	local logdir=$1 f cfg c files
	shift
	: >"$logdir/objects"
	for f in $(touched_kernel_c); do
		cfg=$(warn_config "$f") || {
			echo "$f is compiled in no configuration of gate/matrix: add its Kconfig symbol to a fragment" >"$logdir/error"
			return 1
		}
		echo "$f $cfg" >>"$logdir/objects"
	done
	: >"$logdir/post"
	: >"$logdir/pre"
	while read -r c <&3; do
		mapfile -t files < <(awk -v c="$c" '$2 == c { print $1 }' "$logdir/objects")
		obj_warnings "$c" "$@" -- "${files[@]}" >>"$logdir/post"
		mapfile -t files < <(for f in "${files[@]}"; do
			tgit cat-file -e "HEAD~1:$f" 2>/dev/null && echo "$f"; done)
		[ ${#files[@]} -eq 0 ] ||
			at_parent obj_warnings "$c" "$@" -- "${files[@]}" >>"$logdir/pre"
	done 3< <(cut -d' ' -f2 "$logdir/objects" | sort -u)
	sort -u -o "$logdir/post" "$logdir/post"
	sort -u -o "$logdir/pre" "$logdir/pre"
	new_lines "$logdir/pre" "$logdir/post"
}
